package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupJoined;
import io.spore.api.cluster.GroupLeft;
import io.spore.api.cluster.GroupName;
import io.spore.api.cluster.NodeJoined;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the node does around its registry: checks, routing by global name, subscriptions, the end of a process. */
class ClusterViewTest extends NodeFixture {
    private static final GlobalName BILLING = GlobalName.of("billing service");
    private static final GroupName WORKERS = GroupName.of("workers");

    /** Puts what it receives in a queue; answers calls with "pong"; registers and joins when told to. */
    private static final class Inbox implements ProcessBehavior {
        private final BlockingQueue<Object> received;

        Inbox(BlockingQueue<Object> received) {
            this.received = received;
        }

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            if (message instanceof GlobalName name) {
                ctx.registerGlobal(name);
            } else if (message instanceof GroupName group) {
                ctx.joinGroup(group);
            }
            received.add(message);
        }

        @Override
        public Object handleCall(ProcessContext ctx, io.spore.api.Caller caller, Object request) {
            return "pong";
        }
    }

    private Pid spawnInbox(BlockingQueue<Object> received) {
        return node.spawn(() -> new Inbox(received), ProcessOptions.DEFAULTS);
    }

    @Test
    void withoutARegistryEveryClusterMethodSaysHowToGetOne() {
        Pid pid = spawnInbox(new LinkedBlockingQueue<>());
        SporeException e = assertThrows(SporeException.class, () -> node.registerGlobal(BILLING, pid));
        assertEquals(SporeException.Reason.REGISTRY_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("--registry"), e.getMessage());
        assertEquals(SporeException.Reason.REGISTRY_UNAVAILABLE,
            assertThrows(SporeException.class, () -> node.network().members()).reason());
        assertEquals(SporeException.Reason.REGISTRY_UNAVAILABLE,
            assertThrows(SporeException.class, () -> node.send(BILLING, "hello")).reason());
        assertTrue(node.isAlive(pid), "the process is untouched");
    }

    @Test
    void aGlobalNameRoutesSendsAndCallsToItsHolder() throws Exception {
        node.attachRegistry(new InMemoryClusterRegistry());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid holder = spawnInbox(received);
        node.send(holder, BILLING); // the process registers itself, from its own handler
        assertEquals(BILLING, received.poll(5, TimeUnit.SECONDS));
        assertEquals(holder, node.whereisGlobal(BILLING).orElseThrow());
        node.send(BILLING, "hello");
        assertEquals("hello", received.poll(5, TimeUnit.SECONDS));
        assertEquals("pong", node.call(BILLING, "ping", Duration.ofSeconds(5)));
        assertEquals(Set.of(BILLING), node.globalNames());
    }

    @Test
    void theRegistrysRefusalAndTheNodesOwnChecksAreTypedErrors() {
        node.attachRegistry(new InMemoryClusterRegistry());
        Pid first = spawnInbox(new LinkedBlockingQueue<>());
        Pid second = spawnInbox(new LinkedBlockingQueue<>());
        node.registerGlobal(BILLING, first);
        SporeException taken = assertThrows(SporeException.class, () -> node.registerGlobal(BILLING, second));
        assertEquals(SporeException.Reason.NAME_TAKEN, taken.reason());
        assertTrue(taken.getMessage().contains(first.toString()), taken.getMessage());

        Pid foreign = new Pid(NodeName.parse("other@localhost"), 42, 1);
        assertEquals(SporeException.Reason.INVALID_ARGUMENT,
            assertThrows(SporeException.class, () -> node.joinGroup(WORKERS, foreign)).reason());
        node.kill(second);
        Await.until("second is dead", () -> !node.isAlive(second));
        assertEquals(SporeException.Reason.NO_PROCESS,
            assertThrows(SporeException.class, () -> node.registerGlobal(GlobalName.of("other"), second)).reason());
        assertEquals(SporeException.Reason.NO_PROCESS,
            assertThrows(SporeException.class, () -> node.send(GlobalName.of("nobody"), "x")).reason());
        assertEquals(SporeException.Reason.INVALID_NAME,
            assertThrows(SporeException.class, () -> GlobalName.of("bad\nname")).reason());
    }

    @Test
    void aProcessThatEndsLeavesTheRegistryAndItsSubscriptions() throws Exception {
        InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
        node.attachRegistry(registry);
        BlockingQueue<Object> watcherInbox = new LinkedBlockingQueue<>();
        Pid watcher = spawnInbox(watcherInbox);
        Pid member = spawnInbox(new LinkedBlockingQueue<>());
        node.joinGroup(WORKERS, member);
        node.subscribeGroup(WORKERS, watcher);
        assertEquals(new GroupJoined(WORKERS, member), watcherInbox.poll(5, TimeUnit.SECONDS), "the state first");
        assertEquals(Set.of(member), node.localGroupMembers(WORKERS));

        node.exit(member, ExitReason.SHUTDOWN);
        assertEquals(new GroupLeft(WORKERS, member), watcherInbox.poll(5, TimeUnit.SECONDS), "then the change");
        assertTrue(registry.ended.contains(member));
        assertEquals(Set.of(), node.groupMembers(WORKERS));

        node.exit(watcher, ExitReason.SHUTDOWN);
        Await.until("the watcher's end is told", () -> registry.ended.contains(watcher));
        Pid joiner = spawnInbox(new LinkedBlockingQueue<>());
        node.joinGroup(WORKERS, joiner); // no subscriber is left to tell: nothing is sent to a dead pid
        assertFalse(node.isAlive(watcher));
    }

    @Test
    void membershipSubscribersGetTheMembersThenTheChanges() throws Exception {
        InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
        node.attachRegistry(registry);
        registry.memberJoined(node.name());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid subscriber = spawnInbox(inbox);
        node.network().subscribeMembership(subscriber);
        assertEquals(node.name(), ((NodeJoined) inbox.poll(5, TimeUnit.SECONDS)).member().node());
        registry.memberJoined(NodeName.parse("later@localhost"), Name.of("echo"));
        NodeJoined later = assertInstanceOf(NodeJoined.class, inbox.poll(5, TimeUnit.SECONDS));
        assertTrue(later.member().offers(Name.of("echo")));
        node.network().unsubscribeMembership(subscriber);
        registry.memberJoined(NodeName.parse("unseen@localhost"));
        assertEquals(null, inbox.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void spawnAnywherePassesOverMembersThatCannotSpawnIt() {
        InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
        node.attachRegistry(registry);
        node.registerFactory("echo", () -> new Inbox(new LinkedBlockingQueue<>()));
        // No transport is attached, so the other member cannot be reached: NODE_DOWN, passed over.
        registry.memberJoined(NodeName.parse("away@localhost"), Name.of("echo"));
        registry.memberJoined(node.name(), Name.of("echo"));
        for (int i = 0; i < 4; i++) {
            Pid pid = node.network().spawnAnywhere(Name.of("echo"), ProcessOptions.DEFAULTS);
            assertEquals(node.name(), pid.node());
        }
        SporeException none = assertThrows(SporeException.class,
            () -> node.network().spawnAnywhere(Name.of("missing"), ProcessOptions.DEFAULTS));
        assertEquals(SporeException.Reason.UNKNOWN_FACTORY, none.reason());
    }
}
