package io.spore.benchmarks;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.spore.api.NodeName;
import io.spore.transport.IdleStrategies;
import io.spore.transport.TransportContext;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.function.IntSupplier;

/**
 * The far side of {@link SeparateBareAeronBenchmark}, run as its own JVM: an embedded media driver set up as the
 * transport sets up its own (as {@link BareAeronBaselineBenchmark}'s), and one agent with the transport's idle
 * strategy that echoes every ping and counts every one-way message, acknowledging each
 * {@value RemoteThroughputBenchmark#BATCH} with the count. It ends at the end of its standard input: when the
 * benchmark closes it, or dies.
 *
 * <p>Usage: {@code BareAeronPeer LISTEN_PORT REPLY_PORT IDLE_STRATEGY} (UDP ports on 127.0.0.1; the strategy in
 * the form of {@link IdleStrategies#parse}).
 */
public final class BareAeronPeer {
    static final int PING_STREAM_ID = 1001;
    static final int ONE_WAY_STREAM_ID = 1002;
    static final int ACK_STREAM_ID = 1003;
    /** Printed once the peer answers: its publications to the benchmark are connected. */
    static final String READY = "bare-aeron peer ready";
    private static final int FRAGMENT_LIMIT = 16;

    private BareAeronPeer() {
    }

    /**
     * Runs the peer until its standard input ends.
     *
     * @param args the port it listens on, the port of the benchmark's side, the idle strategy
     * @throws IOException when standard input fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BareAeronPeer LISTEN_PORT REPLY_PORT IDLE_STRATEGY");
            System.exit(2);
        }
        int listenPort = Integer.parseInt(args[0]);
        int replyPort = Integer.parseInt(args[1]);
        TransportContext settings = new TransportContext().nodeName(NodeName.parse("peer@localhost"))
            .idleStrategy(IdleStrategies.parse(args[2]))
            .conclude();
        BareAeronBaselineBenchmark.Side side = BareAeronBaselineBenchmark.Side.start("peer", settings);
        AgentRunner runner = null;
        try {
            Subscription pings = side.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(listenPort),
                PING_STREAM_ID);
            Subscription oneWay = side.aeron().addSubscription(BareAeronBaselineBenchmark.inbound(listenPort),
                ONE_WAY_STREAM_ID);
            String back = BareAeronBaselineBenchmark.outbound(replyPort, settings);
            Publication pongs = side.aeron().addPublication(back, PING_STREAM_ID);
            Publication acks = side.aeron().addPublication(back, ACK_STREAM_ID);
            runner = new AgentRunner(settings.idleStrategy().get(), Throwable::printStackTrace, null,
                new EchoCountAndAck(pings, oneWay, pongs, acks, side::invoke));
            AgentRunner.startOnThread(runner);
            System.out.println(READY);
            // The benchmark closes this pipe to stop the peer; a benchmark that died closes it too.
            while (System.in.read() >= 0) {
                // nothing is expected on it
            }
        } finally {
            CloseHelper.closeAll(runner, side);
        }
    }

    /** Echoes pings, counts one-way messages and acknowledges every full batch of them with the count. */
    private static final class EchoCountAndAck implements Agent {
        private final Subscription pings;
        private final Subscription oneWay;
        private final Publication acks;
        /** Runs the peer's driver first in each duty cycle: nothing else does in {@code INVOKER} mode. */
        private final IntSupplier driver;
        private final FragmentHandler onPing;
        private final UnsafeBuffer ack = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Long.BYTES, 64));
        private long count;
        private long acked;
        private final FragmentAssembler onOneWay = new FragmentAssembler((buffer, offset, length, header) -> count++);

        EchoCountAndAck(Subscription pings, Subscription oneWay, Publication pongs, Publication acks,
                        IntSupplier driver) {
            this.pings = pings;
            this.driver = driver;
            this.oneWay = oneWay;
            this.acks = acks;
            // Whole messages back, as Spore's transport reassembles them.
            this.onPing = new FragmentAssembler(
                (buffer, offset, length, header) -> BareAeronBaselineBenchmark.offer(pongs, buffer, offset, length,
                    driver));
        }

        @Override
        public int doWork() {
            int work = driver.getAsInt() + pings.poll(onPing, FRAGMENT_LIMIT);
            int counted = oneWay.poll(onOneWay, RemoteThroughputBenchmark.BATCH);
            long batches = count / RemoteThroughputBenchmark.BATCH;
            if (batches > acked / RemoteThroughputBenchmark.BATCH) {
                acked = count;
                ack.putLong(0, count);
                BareAeronBaselineBenchmark.offer(acks, ack, driver);
            }
            return work + counted;
        }

        @Override
        public String roleName() {
            return "bare-aeron-peer";
        }
    }
}
