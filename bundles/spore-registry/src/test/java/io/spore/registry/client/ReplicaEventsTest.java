package io.spore.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.RegistryListener;
import io.spore.registry.RegistryNode;
import io.spore.registry.sbe.ProcessOp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** What the replica tells its listener: group changes as they apply, and a whole view as the changes it makes. */
class ReplicaEventsTest {
    static final NodeName A = NodeName.parse("a@host");
    static final NodeName B = NodeName.parse("b@host");
    final List<String> told = new ArrayList<>();
    final Replica replica = new Replica(new RegistryListener() {
        @Override
        public void onNodeJoined(RegistryNode node) {
            told.add("joined " + node.node() + " " + node.spawnNames());
        }

        @Override
        public void onNodeLeft(NodeName node, int creation) {
            told.add("left " + node + "/" + creation);
        }

        @Override
        public void onGroupJoined(String group, Pid pid) {
            told.add("+" + group + " " + pid.id());
        }

        @Override
        public void onGroupLeft(String group, Pid pid) {
            told.add("-" + group + " " + pid.id());
        }
    });
    final Pid a1 = new Pid(A, 1, 1);
    final Pid b2 = new Pid(B, 2, 1);

    @Test
    void groupChangesAreToldOnceAsTheyApply() {
        view(5, List.of(new RegistryNode(A, 1, List.of(), List.of())), List.of());
        told.clear();
        replica.onProcessEvent(6, ProcessOp.JOIN_GROUP, "g", a1);
        replica.onProcessEvent(7, ProcessOp.JOIN_GROUP, "g", a1);
        replica.onProcessEvent(8, ProcessOp.LEAVE_GROUP, "g", a1);
        replica.onProcessEvent(9, ProcessOp.LEAVE_GROUP, "g", a1);
        assertEquals(List.of("+g 1", "-g 1"), told, "a join of a member, or a leave of none, tells nothing");
    }

    @Test
    void aWholeViewIsToldAsTheDifferencesFromTheOneBefore() {
        view(5, List.of(new RegistryNode(A, 1, List.of(), List.of()), new RegistryNode(B, 1, List.of(), List.of())),
            List.of("g", "b2", "h", "a1"));
        assertEquals(List.of("+g 2", "+h 1", "joined a@host []", "joined b@host []"), sorted(told),
            "the first view is all joins");
        told.clear();
        // B left and came back as creation 2; A now offers "echo"; b2 left g, a1 joined g.
        view(9, List.of(new RegistryNode(A, 1, List.of(), List.of("echo")),
            new RegistryNode(B, 2, List.of(), List.of())), List.of("g", "a1", "h", "a1"));
        assertEquals(List.of("+g 1", "-g 2", "joined a@host [echo]", "joined b@host []", "left b@host/1"),
            sorted(told));
        told.clear();
        view(10, List.of(new RegistryNode(A, 1, List.of(), List.of("echo")),
            new RegistryNode(B, 2, List.of(), List.of())), List.of("g", "a1", "h", "a1"));
        assertEquals(List.of(), told, "the same view again tells nothing");
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** @param members group, then "a1" or "b2", in pairs */
    private void view(long version, List<RegistryNode> nodes, List<String> members) {
        replica.onViewBegin(version, 0);
        for (RegistryNode node : nodes) {
            replica.onNodeJoined(version, node);
        }
        for (int i = 0; i < members.size(); i += 2) {
            replica.onProcessEvent(version, ProcessOp.JOIN_GROUP, members.get(i),
                members.get(i + 1).equals("a1") ? a1 : b2);
        }
        replica.onViewEnd(version, nodes.size() + members.size() / 2);
    }
}
