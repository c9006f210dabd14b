package io.spore.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.distribution.framework.Folders;
import io.spore.registry.RegistryClient;
import io.spore.registry.RegistryNode;
import io.spore.testsupport.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A {@code spore registry} process shows its member's MXBean to JConsole's local attach: a real connector to the
 * running process, whose attributes follow a real node's join and registration; {@code spore registry status}
 * prints the same view on one screen.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryJmxIT {
    @TempDir
    Path tmp;

    @Test
    void jconsoleAttachSeesTheMembersView() throws Exception {
        int base = 34000 + (int) (ProcessHandle.current().pid() % 300) * 20;
        String members = "localhost:" + base;
        String aeronDir = "/dev/shm/spore-registry-jmx-it-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectName bean = new ObjectName("io.spore:type=RegistryMember,member=0");
        try (SporeProcess member = SporeProcess.start(tmp, "registry", "--member-id", "0", "--members", members,
            "--dir", tmp.resolve("member-0").toString(), "--aeron-dir", aeronDir)) {
            Await.until("the member leads: " + member.output(), Duration.ofSeconds(60),
                () -> member.output().contains("registry member 0 is leader"));
            assertTrue(member.output().contains("JMX " + bean), member.output());
            VirtualMachine vm = VirtualMachine.attach(Long.toString(member.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            NodeName node = NodeName.parse("watched@localhost");
            try (RegistryClient client = RegistryClient.connect(new RegistryClient.Context()
                     .members(members)
                     .node(new RegistryNode(node, 1, List.of(), List.of()))
                     .responseTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                     .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30)));
                 JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                assertTrue(client.registerGlobal("seen", new Pid(node, 7, 1)).get(10, TimeUnit.SECONDS).isOk());
                assertTrue(client.joinGroup("watchers", new Pid(node, 7, 1)).get(10, TimeUnit.SECONDS).isOk());
                MBeanServerConnection jmx = connector.getMBeanServerConnection();
                Await.until("the bean shows the name", Duration.ofSeconds(15),
                    () -> Integer.valueOf(1).equals(attribute(jmx, bean, "GlobalNames")));
                assertEquals("leader", jmx.getAttribute(bean, "Role"));
                assertEquals(0, jmx.getAttribute(bean, "LeaderMemberId"));
                assertEquals(1, jmx.getAttribute(bean, "Groups"));
                assertEquals(1, jmx.getAttribute(bean, "Sessions"));
                assertArrayEquals(new String[] {"watched@localhost"}, (String[]) jmx.getAttribute(bean, "Nodes"));
                assertArrayEquals(new String[] {"0=" + members}, (String[]) jmx.getAttribute(bean, "Members"));
                assertTrue((Long) jmx.getAttribute(bean, "CommitPosition") > 0);

                try (SporeProcess status = SporeProcess.start(tmp, "registry", "status")) {
                    assertEquals(0, status.awaitExit(Duration.ofSeconds(60)), status.output());
                    String screen = status.output();
                    assertTrue(screen.matches("(?s).*\\n0 +leader +0 +\\d+ +\\d+ +1 +1 +1 +1 +" + member.pid()
                        + "\\n.*"), screen);
                    assertTrue(screen.contains("nodes: watched@localhost"), screen);
                }
            }
            assertTrue(member.terminate(Duration.ofSeconds(30)), "the member stops on SIGTERM");
        } finally {
            Folders.deleteTree(Path.of(aeronDir));
        }
    }

    private static Object attribute(MBeanServerConnection jmx, ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + name + " " + attribute, e);
        }
    }
}
