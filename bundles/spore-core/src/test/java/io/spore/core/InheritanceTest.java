package io.spore.core;

import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.Ref;
import io.spore.core.spi.SpawnRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What a child inherits, and that a run of spawns giving their children the same shares one record (a spawn's
 * allocation, issue 19) without a child ever getting another's inheritance.
 */
class InheritanceTest {
    private static final NodeName REQUESTER = NodeName.parse("requester@localhost");
    private static final Pid PARENT = new Pid(REQUESTER, 7, 1);
    private static final Pid LEADER = new Pid(REQUESTER, 8, 1);

    private final NodeServices node = new NodeServices(new NodeContext().nodeName(NodeName.parse("target@localhost"))
        .workerThreads(1).logLevel(LogLevel.INFO).mailboxLimit(100));

    @AfterEach
    void stop() {
        node.shutdown();
    }

    private static SpawnRequest request(Pid parent, Pid leader, String application, LogLevel level, boolean trap,
                                        Map<String, Object> env) {
        return new SpawnRequest(new Ref(REQUESTER, 1, 1), parent, Name.of("child"), null, parent, leader, application,
            level, trap, env, List.of(), 1000);
    }

    @Test
    void whatTheRequestLeavesOutIsThisNodesOrTheParents() {
        Inheritance inherited = Inheritance.from(request(PARENT, null, null, null, false, null), node, null);

        assertEquals(new Inheritance(PARENT, PARENT, null, LogLevel.INFO, Map.of(), false, 100), inherited);
    }

    @Test
    void aRequestAskingForTheSameAsTheLastGetsTheSameRecord() {
        Inheritance first = Inheritance.from(request(PARENT, LEADER, "app", LogLevel.DEBUG, true, null), node, null);
        Inheritance again = Inheritance.from(request(PARENT, LEADER, "app", LogLevel.DEBUG, true, Map.of()), node,
            first);

        assertSame(first, again, "no env and an empty env are the same inheritance");
    }

    @Test
    void aRequestAskingForAnythingElseGetsItsOwn() {
        Inheritance last = Inheritance.from(request(PARENT, LEADER, "app", LogLevel.DEBUG, false, null), node, null);
        List<SpawnRequest> others = List.of(
            request(LEADER, LEADER, "app", LogLevel.DEBUG, false, null),
            request(PARENT, PARENT, "app", LogLevel.DEBUG, false, null),
            request(PARENT, LEADER, "other", LogLevel.DEBUG, false, null),
            request(PARENT, LEADER, null, LogLevel.DEBUG, false, null),
            request(PARENT, LEADER, "app", LogLevel.WARNING, false, null),
            request(PARENT, LEADER, "app", LogLevel.DEBUG, true, null),
            request(PARENT, LEADER, "app", LogLevel.DEBUG, false, Map.of("region", "eu")));

        for (SpawnRequest other : others) {
            Inheritance got = Inheritance.from(other, node, last);
            assertNotSame(last, got, other.toString());
            assertEquals(Inheritance.from(other, node, null), got, other.toString());
        }
    }

    @Test
    void theNodesChildrenWithTheSameOptionsShareOneRecordAndOtherOptionsMakeTheirOwn() {
        Inheritance first = Inheritance.from(null, ProcessOptions.DEFAULTS, node, null);
        assertEquals(new Inheritance(node.identity, node.identity, null, LogLevel.INFO, Map.of(), false, 100), first);
        assertSame(first, Inheritance.from(null, ProcessOptions.DEFAULTS, node, first));

        List<ProcessOptions> others = List.of(ProcessOptions.DEFAULTS.withApplication("app"),
            ProcessOptions.DEFAULTS.withLogLevel(LogLevel.DEBUG), ProcessOptions.DEFAULTS.withTrapExits(true),
            ProcessOptions.DEFAULTS.withMailboxLimit(5), ProcessOptions.DEFAULTS.withLeader(LEADER),
            ProcessOptions.DEFAULTS.withEnv("region", "eu"));
        for (ProcessOptions options : others) {
            Inheritance got = Inheritance.from(null, options, node, first);
            assertNotSame(first, got, options.toString());
            assertEquals(Inheritance.from(null, options, node, null), got, options.toString());
        }
    }
}
