package io.spore.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.member.RegistryMemberAdmin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.OpenType;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A three-member registry's MXBeans read through a real RMI connector on loopback, as JConsole would: every member
 * names the same leader and term, exactly one says it leads, and the counts follow two real nodes' registrations.
 */
@Timeout(value = 100, unit = TimeUnit.SECONDS)
class RegistryMemberJmxTest {
    @TempDir
    File dir;

    @Test
    void membersShowTheClusterAndTheStateThroughAConnector() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        List<RegistryMemberAdmin> admins = new ArrayList<>();
        JMXConnectorServer connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1:0"), Map.of(), server);
        try (TestRegistryCluster cluster = new TestRegistryCluster(3, dir)) {
            for (int id = 0; id < 3; id++) {
                admins.add(RegistryMemberAdmin.register(cluster.running[id], server));
            }
            connectorServer.start();
            int leader = cluster.awaitLeader(30_000);
            try (RegistryClient a = cluster.client(node("a"));
                 RegistryClient b = cluster.client(node("b"));
                 JMXConnector connector = JMXConnectorFactory.connect(connectorServer.getAddress())) {
                assertTrue(a.registerGlobal("one", pid("a", 1)).get(10, TimeUnit.SECONDS).isOk());
                assertTrue(b.registerGlobal("two", pid("b", 1)).get(10, TimeUnit.SECONDS).isOk());
                assertTrue(b.joinGroup("workers", pid("b", 2)).get(10, TimeUnit.SECONDS).isOk());
                MBeanServerConnection jmx = connector.getMBeanServerConnection();
                for (int id = 0; id < 3; id++) {
                    ObjectName name = RegistryMemberAdmin.objectName(id);
                    await(() -> attribute(jmx, name, "GlobalNames").equals(2)
                        && attribute(jmx, name, "LeaderMemberId").equals(leader), "member " + id + "'s view");
                    assertEquals(id, attribute(jmx, name, "MemberId"));
                    assertEquals(id == leader ? "leader" : "follower", attribute(jmx, name, "Role"));
                    assertEquals(1, attribute(jmx, name, "Groups"));
                    assertEquals(2, attribute(jmx, name, "NodeCount"));
                    assertEquals(List.of("a@localhost", "b@localhost"),
                        Arrays.asList((String[]) attribute(jmx, name, "Nodes")));
                    assertEquals(2, attribute(jmx, name, "Sessions"));
                    assertTrue((Long) attribute(jmx, name, "LeadershipTermId") >= 0);
                    assertTrue((Long) attribute(jmx, name, "CommitPosition") > 0);
                    assertTrue((Long) attribute(jmx, name, "StateVersion") >= 5, "two joins and three writes");
                    String[] members = (String[]) attribute(jmx, name, "Members");
                    assertArrayEquals(expectedMembers(cluster), members);
                    for (MBeanAttributeInfo info : jmx.getMBeanInfo(name).getAttributes()) {
                        assertTrue(info.getDescriptor().getFieldValue("openType") instanceof OpenType,
                            info.getName() + " has an open type");
                    }
                }
                assertEquals(attribute(jmx, RegistryMemberAdmin.objectName(0), "LeadershipTermId"),
                    attribute(jmx, RegistryMemberAdmin.objectName(1), "LeadershipTermId"));
            }
        } finally {
            connectorServer.stop();
            admins.forEach(RegistryMemberAdmin::close);
        }
        assertTrue(server.queryNames(new ObjectName("io.spore:type=RegistryMember,*"), null).isEmpty(),
            "closing the admins removes the beans");
    }

    private static String[] expectedMembers(TestRegistryCluster cluster) {
        String[] members = new String[3];
        for (int id = 0; id < 3; id++) {
            members[id] = id + "=" + cluster.addresses.endpoint(id, 0);
        }
        return members;
    }

    private static Object attribute(MBeanServerConnection jmx, ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + name + " " + attribute, e);
        }
    }

    private static RegistryNode node(String name) {
        return new RegistryNode(NodeName.parse(name + "@localhost"), 1, List.of("127.0.0.1:4000"), List.of("echo"));
    }

    private static Pid pid(String node, long id) {
        return new Pid(NodeName.parse(node + "@localhost"), id, 1);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
