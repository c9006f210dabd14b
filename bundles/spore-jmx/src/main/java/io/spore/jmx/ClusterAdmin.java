package io.spore.jmx;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link ClusterMBean} of one node, read through the public API ({@link Node#globalNames()},
 * {@link io.spore.api.Network#members()}, ...) at every read. A node without a registry answers those with
 * {@code REGISTRY_UNAVAILABLE}; the bean then shows empty tables rather than failing every console refresh.
 *
 * <p>Threading: any thread; nothing blocks (the replica is local).
 */
final class ClusterAdmin implements ClusterMBean {
    static final CompositeType MEMBER = OpenTypes.composite("io.spore.ClusterMember", "a member of the registry",
        new String[] {"node", "creation", "connected", "spawnNames"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.INTEGER, SimpleType.BOOLEAN, SimpleType.STRING});
    static final TabularType MEMBERS = OpenTypes.table("io.spore.ClusterMembers", "the registry's members", MEMBER,
        "node");
    static final CompositeType NAME = OpenTypes.composite("io.spore.GlobalName", "a global name and its holder",
        new String[] {"name", "pid"}, new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING});
    static final TabularType NAMES = OpenTypes.table("io.spore.GlobalNames", "the global names", NAME, "name");
    static final CompositeType GROUP = OpenTypes.composite("io.spore.ProcessGroup", "a process group",
        new String[] {"group", "members", "localMembers"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.INTEGER, SimpleType.INTEGER});
    static final TabularType GROUPS = OpenTypes.table("io.spore.ProcessGroups", "the process groups", GROUP, "group");

    private final Node node;

    ClusterAdmin(Node node) {
        this.node = node;
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, ClusterMBean.class, new NotificationBroadcasterSupport(),
            "A Spore node's view of its cluster registry: members, global names, process groups",
            Map.of("Members", MEMBERS, "GlobalNames", NAMES, "Groups", GROUPS),
            Map.of("groupMembers", new String[] {"group"}), new MBeanNotificationInfo[0]);
    }

    @Override
    public boolean isRegistryAvailable() {
        try {
            node.network().members();
            return true;
        } catch (SporeException e) {
            return false;
        }
    }

    @Override
    public TabularData getMembers() {
        TabularDataSupport table = new TabularDataSupport(MEMBERS);
        List<ClusterMember> members = read(() -> node.network().members(), List.of());
        Set<NodeName> connected = node.connectedNodes();
        for (ClusterMember member : members) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("node", member.node().toString());
            values.put("creation", member.creation());
            values.put("connected", member.node().equals(node.name()) || connected.contains(member.node()));
            values.put("spawnNames", new TreeSet<>(member.spawnNames()).stream().map(Name::value)
                .collect(Collectors.joining(",")));
            table.put(OpenTypes.row(MEMBER, values));
        }
        return table;
    }

    @Override
    public TabularData getGlobalNames() {
        TabularDataSupport table = new TabularDataSupport(NAMES);
        for (GlobalName name : read(node::globalNames, Set.<GlobalName>of())) {
            Pid holder = read(() -> node.whereisGlobal(name).orElse(null), null);
            if (holder != null) {
                table.put(OpenTypes.row(NAME, Map.of("name", name.value(), "pid", holder.toString())));
            }
        }
        return table;
    }

    @Override
    public TabularData getGroups() {
        TabularDataSupport table = new TabularDataSupport(GROUPS);
        for (GroupName group : read(node::groups, Set.<GroupName>of())) {
            table.put(OpenTypes.row(GROUP, Map.of("group", group.value(),
                "members", read(() -> node.groupMembers(group), Set.<Pid>of()).size(),
                "localMembers", read(() -> node.localGroupMembers(group), Set.<Pid>of()).size())));
        }
        return table;
    }

    @Override
    public String[] groupMembers(String group) {
        GroupName name;
        try {
            name = GroupName.of(group);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
        return read(() -> node.groupMembers(name), Set.<Pid>of()).stream().map(Pid::toString).sorted()
            .toArray(String[]::new);
    }

    /** Reads through the API; without a registry, {@code none}. */
    private static <T> T read(Supplier<T> reading, T none) {
        try {
            return reading.get();
        } catch (SporeException e) {
            if (e.reason() == SporeException.Reason.REGISTRY_UNAVAILABLE) {
                return none;
            }
            throw Errors.plain(e);
        }
    }
}
