package io.spore.registry.member;

import io.spore.registry.service.ServiceView;

import java.util.Locale;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;

/**
 * The {@link RegistryMemberMXBean} of a running {@link RegistryMember}, registered in an MBean server by
 * {@link #register} and removed by {@link #close()}: the same symmetry as the member's own start and stop.
 */
public final class RegistryMemberAdmin implements RegistryMemberMXBean, AutoCloseable {
    private final RegistryMember member;
    private final MBeanServer server;
    private final ObjectName name;

    private RegistryMemberAdmin(RegistryMember member, MBeanServer server, ObjectName name) {
        this.member = member;
        this.server = server;
        this.name = name;
    }

    /**
     * @param memberId a member's id
     * @return {@code io.spore:type=RegistryMember,member=ID}
     */
    public static ObjectName objectName(int memberId) {
        try {
            return new ObjectName("io.spore:type=RegistryMember,member=" + memberId);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("a member id always makes a valid object name", e);
        }
    }

    /**
     * Registers the member's MXBean.
     *
     * @param member the running member
     * @param server where to register it, e.g. the platform MBean server
     * @return the registration; {@link #close()} removes it
     * @throws IllegalStateException when a bean of that name is registered already (another member with the same
     *                               id in this JVM)
     */
    public static RegistryMemberAdmin register(RegistryMember member, MBeanServer server) {
        RegistryMemberAdmin admin = new RegistryMemberAdmin(member, server, objectName(member.memberId()));
        try {
            server.registerMBean(admin, admin.name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException(admin.name + " is registered already: is another member "
                + member.memberId() + " running in this JVM?", e);
        } catch (MBeanRegistrationException | NotCompliantMBeanException e) {
            throw new IllegalStateException("cannot register " + admin.name + ": " + e.getMessage(), e);
        }
        return admin;
    }

    /** @return the name the bean is registered under */
    public ObjectName name() {
        return name;
    }

    @Override
    public int getMemberId() {
        return member.memberId();
    }

    @Override
    public String getRole() {
        return member.role().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public int getLeaderMemberId() {
        return member.leaderMemberId();
    }

    @Override
    public long getLeadershipTermId() {
        return member.leadershipTermId();
    }

    @Override
    public long getCommitPosition() {
        return member.commitPosition();
    }

    @Override
    public String[] getMembers() {
        MemberAddresses addresses = member.addresses();
        String[] members = new String[addresses.size()];
        for (int id = 0; id < members.length; id++) {
            members[id] = id + "=" + addresses.endpoint(id, 0);
        }
        return members;
    }

    @Override
    public int getSessions() {
        return member.view().sessions();
    }

    @Override
    public String[] getNodes() {
        return member.view().nodes().toArray(new String[0]);
    }

    @Override
    public int getNodeCount() {
        return member.view().nodes().size();
    }

    @Override
    public int getGlobalNames() {
        return member.view().names();
    }

    @Override
    public int getGroups() {
        return member.view().groups();
    }

    @Override
    public long getStateVersion() {
        return member.view().version();
    }

    /** Removes the bean; a bean already gone is no error. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Removed already: nothing to do.
        } catch (MBeanRegistrationException e) {
            throw new IllegalStateException("cannot remove " + name + ": " + e.getMessage(), e);
        }
    }
}
