package io.spore.benchmarks;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import io.spore.wire.PayloadDecoder;
import io.spore.wire.PayloadEncoder;
import io.spore.wire.TypeRegistry;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendToPidDecoder;
import io.spore.wire.sbe.SendToPidEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The wire codec alone, on one thread, no network: a {@code SendToPid} frame written and read as the transport does
 * (SBE header and fixed block, pids, then the payload in place), and the payload codec over the kinds of values
 * messages carry. Run with {@code -prof gc}: encoding should allocate nothing, and decoding only the value it hands
 * to the receiving process.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.OPEN_MISC, ForkJvm.OPEN_ZIP})
public class CodecBenchmark {
    /** A registered record: what an application's own message type costs. */
    public record Order(String item, long quantity, double price, boolean express) {
    }

    @Param({"string", "bytes256", "record", "map", "pidList"})
    public String value;

    private final NodeName nodeA = NodeName.parse("a@localhost");
    private final NodeName nodeB = NodeName.parse("b@localhost");
    private final Pid from = new Pid(nodeA, 42, 7);
    private final Pid to = new Pid(nodeB, 4242, 9);
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final UnsafeBuffer payloadBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SendToPidEncoder sendToPid = new SendToPidEncoder();
    private final FrameReader reader = new FrameReader();
    private PayloadEncoder encoder;
    private PayloadDecoder decoder;
    private Object message;
    private int frameLength;
    private int payloadLength;

    @Setup
    public void prepare() {
        TypeRegistry registry = new TypeRegistry();
        registry.register("bench.order", Order.class);
        encoder = new PayloadEncoder(registry);
        decoder = new PayloadDecoder(registry);
        message = switch (value) {
            case "string" -> "ping";
            case "bytes256" -> new byte[256];
            case "record" -> new Order("spore-sticker", 3, 2.5, true);
            case "map" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("op", "put");
                map.put("key", "user:1001");
                map.put("version", 17L);
                map.put("replyTo", from);
                yield map;
            }
            case "pidList" -> List.of(from, to, new Pid(nodeA, 43, 7), new Pid(nodeB, 4243, 9));
            default -> throw new IllegalArgumentException("unknown value kind " + value);
        };
        frameLength = encodeFrame();
        payloadLength = encodePayload();
    }

    @Benchmark
    public int encodeFrame() {
        SendToPidEncoder e = sendToPid.wrapAndApplyHeader(frame, 0, header);
        e.sender().id(from.id()).creation(from.creation());
        e.target().id(to.id()).creation(to.creation());
        encoder.encodeVarData(message, e);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    @Benchmark
    public Object decodeFrame() {
        FrameType type = reader.read(frame, 0, frameLength);
        SendToPidDecoder d = reader.sendToPid();
        long sum = d.sender().id() + d.target().id() + type.ordinal();
        Object decoded = decoder.decodeVarData(d);
        return sum == 0 ? null : decoded;
    }

    @Benchmark
    public int encodePayload() {
        return encoder.encode(message, payloadBuffer, 0);
    }

    @Benchmark
    public Object decodePayload() {
        return decoder.decode(payloadBuffer, 0, payloadLength);
    }
}
