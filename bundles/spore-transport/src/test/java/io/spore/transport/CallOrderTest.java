package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.transport.TestCluster.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls and replies travel on the control stream, apart from messages; a DataBarrier still makes a message and a
 * later call or reply from the same sender arrive in the order sent, as in Erlang. Real Aeron between two
 * transports; the floods are large enough that, without the barrier, the call overtakes them.
 */
@Timeout(60)
class CallOrderTest {
    private static final int FLOOD = 20_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestCluster cluster;

    @BeforeEach
    void makeCluster() {
        cluster = new TestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** Counts messages; a call answers how many it had handled. */
    private static final class Counter implements ProcessBehavior {
        private int messages;

        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            messages++;
        }

        @Override
        public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
            return messages;
        }
    }

    @Test
    void aCallAfterAFloodOfMessagesIsHandledAfterAllOfThem() {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Pid counter = b.node().spawn(Counter::new, ProcessOptions.DEFAULTS);
        assertEquals(0, a.node().call(counter, "count", TIMEOUT));

        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < FLOOD; i++) {
                a.node().send(counter, i);
            }
            assertEquals(round * FLOOD, a.node().call(counter, "count", TIMEOUT),
                "round " + round + ": the call overtook messages sent before it");
        }
    }

    @Test
    void messagesAndACallQueuedWhileConnectingKeepTheirOrder() {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        Pid counter = b.node().spawn(Counter::new, ProcessOptions.DEFAULTS);

        // No traffic yet: the first send starts the connection, and all of this waits in its queue meanwhile.
        int queued = 2_000;
        for (int i = 0; i < queued; i++) {
            a.node().send(counter, i);
        }
        assertEquals(queued, a.node().call(counter, "count", TIMEOUT), "the queued call overtook queued messages");
    }

    @Test
    void aReplyArrivesAfterTheMessagesTheCalleeSentBeforeIt() throws Exception {
        Member a = cluster.start("a");
        Member b = cluster.start("b");
        // On b: answers a call after sending the caller a flood of messages.
        Pid chatty = b.node().spawn(() -> new ProcessBehavior() {
            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
            }

            @Override
            public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
                for (int i = 0; i < FLOOD; i++) {
                    ctx.send(caller.from(), i);
                }
                return "done";
            }
        }, ProcessOptions.DEFAULTS);
        // On a: calls, counts the messages that arrive, and reports the count when the reply comes.
        BlockingQueue<Integer> countAtReply = new LinkedBlockingQueue<>();
        Pid caller = a.node().spawn(() -> new ProcessBehavior() {
            private int messages;

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if ("start".equals(message)) {
                    ctx.call(chatty, "go", TIMEOUT, reply -> countAtReply.add(messages));
                } else {
                    messages++;
                }
            }
        }, ProcessOptions.DEFAULTS);

        a.node().send(caller, "start");
        assertEquals(FLOOD, countAtReply.poll(30, TimeUnit.SECONDS), "the reply overtook messages sent before it");
    }
}
