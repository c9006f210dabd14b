package io.spore.distribution.registry;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.spore.distribution.framework.ActionableException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code spore registry status}: one screen about the registry members running on this host, as their MXBeans
 * ({@link io.spore.registry.member.RegistryMemberMXBean}) show them: each member's role, the leader and term it
 * knows, its commit position and the registry's counts, then the joined nodes. It attaches as JConsole does (the
 * JDK's attach API, the same user), and only to JVMs that run {@code spore registry}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the registry members running on this host: role, leader, term, commit position, sessions,"
        + " nodes, global names and groups.",
        "Attaches to each local `spore registry` JVM of the same user, as JConsole does."})
public final class RegistryStatusCommand implements Callable<Integer> {
    private static final String MAIN = "io.spore.distribution.Spore registry ";
    private static final String ROW = "%-7s %-10s %-7s %-6s %-14s %-9s %-6s %-7s %-7s %s%n";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<VirtualMachineDescriptor> members = new ArrayList<>();
        try {
            for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
                if (vm.displayName().startsWith(MAIN) && !vm.displayName().startsWith(MAIN + "status")) {
                    members.add(vm);
                }
            }
        } catch (LinkageError e) {
            throw new ActionableException("this Java has no attach API (jdk.attach): run spore with a full JDK");
        }
        if (members.isEmpty()) {
            out.println("no registry member runs on this host as this user (start one with spore registry)");
            out.flush();
            return 1;
        }
        out.printf(ROW, "member", "role", "leader", "term", "commit", "sessions", "nodes", "names", "groups", "pid");
        // By member id, then by JVM: members of two clusters (a test's, a developer's) may share an id on one host.
        Map<String, String> rows = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        String[] nodes = null;
        for (VirtualMachineDescriptor vm : members) {
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(localAgent(vm)))) {
                MBeanServerConnection jmx = connector.getMBeanServerConnection();
                for (ObjectName bean : jmx.queryNames(new ObjectName("io.spore:type=RegistryMember,*"), null)) {
                    rows.put(String.format("%05d %s", (Integer) jmx.getAttribute(bean, "MemberId"), vm.id()),
                        String.format(ROW, jmx.getAttribute(bean, "MemberId"), jmx.getAttribute(bean, "Role"),
                        jmx.getAttribute(bean, "LeaderMemberId"), jmx.getAttribute(bean, "LeadershipTermId"),
                        jmx.getAttribute(bean, "CommitPosition"), jmx.getAttribute(bean, "Sessions"),
                        jmx.getAttribute(bean, "NodeCount"), jmx.getAttribute(bean, "GlobalNames"),
                        jmx.getAttribute(bean, "Groups"), vm.id()));
                    if (nodes == null || "leader".equals(jmx.getAttribute(bean, "Role"))) {
                        nodes = (String[]) jmx.getAttribute(bean, "Nodes");
                    }
                }
            } catch (IOException | JMException | AttachNotSupportedException e) {
                failures.add(String.format("member in JVM %s: cannot read it (%s)%n", vm.id(), e.getMessage()));
            }
        }
        rows.values().forEach(out::print);
        failures.forEach(out::print);
        out.println("nodes: " + (nodes == null || nodes.length == 0 ? "none" : String.join(", ", nodes)));
        out.flush();
        return 0;
    }

    // The target JVM's local JMX agent, started on first use: what JConsole does to a local process.
    private static String localAgent(VirtualMachineDescriptor descriptor) throws IOException,
        AttachNotSupportedException {
        VirtualMachine vm = VirtualMachine.attach(descriptor);
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }
}
