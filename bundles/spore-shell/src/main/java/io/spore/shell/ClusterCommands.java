package io.spore.shell;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;

import org.apache.felix.service.command.Descriptor;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Gogo commands {@code spore:members}, {@code spore:globals} and {@code spore:groups}: the node's view of the
 * cluster registry (its replica: no network round trip), through the public API. Like {@link SporeCommands}, a
 * command never throws: without a registry ({@code spore node --registry}) it prints one line saying so.
 */
public final class ClusterCommands {
    /** The command names, which are also the method names Gogo invokes. */
    static final String[] FUNCTIONS = {"members", "globals", "groups"};

    private final Supplier<Node> node;

    /** @param node the node, or {@code null} when none is up */
    ClusterCommands(Supplier<Node> node) {
        this.node = node;
    }

    @Descriptor("list the registry's members, sorted: NODE, CREATION, CONNECTED (a connection is up now), SPAWN-NAMES")
    public void members() {
        run("members", current -> {
            List<ClusterMember> members = current.network().members().stream()
                .sorted(Comparator.comparing(ClusterMember::node)).toList();
            if (members.isEmpty()) {
                out().println("no members: this node has not joined its registry yet (its log says why)");
                return;
            }
            Set<NodeName> connected = current.connectedNodes();
            Table table = new Table().row("NODE", "CREATION", "CONNECTED", "SPAWN-NAMES");
            for (ClusterMember member : members) {
                String link = member.node().equals(current.name()) ? "self" : connected.contains(member.node())
                    ? "yes" : "no";
                table.row(member.node(), member.creation(), link, member.spawnNames().isEmpty() ? null
                    : new TreeSet<>(member.spawnNames()).stream().map(Name::value).collect(Collectors.joining(",")));
            }
            table.print(out());
        });
    }

    @Descriptor("list the global names: NAME, PID (on any node)")
    public void globals() {
        run("globals", current -> {
            Set<GlobalName> names = new TreeSet<>(current.globalNames());
            if (names.isEmpty()) {
                out().println("no global names");
                return;
            }
            Table table = new Table().row("NAME", "PID");
            for (GlobalName name : names) {
                table.row(name, current.whereisGlobal(name).map(Target::print).orElse(null));
            }
            table.print(out());
        });
    }

    @Descriptor("list the process groups: GROUP, MEMBERS (on every node), LOCAL (on this node)")
    public void groups() {
        run("groups", current -> {
            Set<GroupName> groups = new TreeSet<>(current.groups());
            if (groups.isEmpty()) {
                out().println("no groups");
                return;
            }
            Table table = new Table().row("GROUP", "MEMBERS", "LOCAL");
            for (GroupName group : groups) {
                table.row(group, current.groupMembers(group).size(), current.localGroupMembers(group).size());
            }
            table.print(out());
        });
    }

    @Descriptor("list a group's members, one pid a line, sorted")
    public void groups(@Descriptor("the group") String group) {
        run("groups", current -> {
            Set<Pid> members = new TreeSet<>(Comparator.comparing(Pid::toString));
            members.addAll(current.groupMembers(GroupName.of(group)));
            if (members.isEmpty()) {
                out().println("group " + group + " has no members");
            }
            members.forEach(pid -> out().println(Target.print(pid)));
        });
    }

    private void run(String command, Consumer<Node> action) {
        CommandRunner.run(command, node.get(),
            "no io.spore.api.Node service; check with lb that io.spore.core is active", action);
    }

    private static PrintStream out() {
        return CommandRunner.out();
    }
}
