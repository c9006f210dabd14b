package io.spore.benchmarks.report;

import io.spore.benchmarks.report.Comparison.Figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headline figures and the targets the issues set for them, in the order the report lists them; where issue 19
 * raised a target, the report holds the figure to the raised one. Between nodes, the figure is the default wire
 * security's (sealed) unless a row names one. A comparison whose benchmarks did not run (a filtered run) is left out
 * of the report.
 */
final class Targets {
    private static final double NONE = Double.NaN;
    /** Bare Aeron's ping-pong, waiting by spinning or with the idle strategy: whichever was faster. */
    private static final String PING_PONG = "BareAeronBaselineBenchmark.pingPong|BareAeronBaselineBenchmark.pingPongIdle";
    private static final String ONE_WAY = "BareAeronBaselineBenchmark.oneWay";
    /** The same across two processes: the floor under the separate-process figures. */
    private static final String SEPARATE_PING_PONG =
        "SeparateBareAeronBenchmark.pingPong|SeparateBareAeronBenchmark.pingPongIdle";
    private static final String SEPARATE_ONE_WAY = "SeparateBareAeronBenchmark.oneWay";

    private Targets() {
    }

    static List<Comparison> all() {
        List<Comparison> all = new ArrayList<>();
        all.add(new Comparison("Local spawn that runs to completion", "SpawnBenchmark.spawnExitInInit", null,
            Map.of(), Map.of(), Figure.SCORE, false, "ops/s", "≥ 1,000,000/s", NONE, NONE, 1_000_000));
        all.add(new Comparison("Local one-to-one send", "SendBenchmark.sendOneToOne", null, Map.of(), Map.of(),
            Figure.SCORE, false, "msgs/s", "≥ 10,000,000/s", NONE, NONE, 10_000_000));
        all.add(new Comparison("Idle process footprint", "IdleProcessFootprintBenchmark.holdIdleProcesses", null,
            Map.of(), Map.of(), Figure.BYTES_PER_PROCESS, true, "bytes", "≤ 400 B", NONE, NONE, 400));
        all.add(new Comparison("Idle process footprint beside 1,000,000 pending timers",
            "IdleProcessFootprintBenchmark.holdIdleProcesses", null, Map.of("idleTimers", "1000000"), Map.of(),
            Figure.BYTES_PER_PROCESS, true, "bytes", "≤ 400 B, as without them", NONE, NONE, 400));
        for (String payload : List.of("string", "bytes256")) {
            all.add(new Comparison("Remote call round trip, p50, " + payload, "RemotePingPongBenchmark.callRoundTrip",
                PING_PONG, Map.of("payload", payload), Map.of(), Figure.MEDIAN, true, "µs",
                "≤ 1.2× bare Aeron ping-pong (issue 19)", 1.2, NONE, NONE));
        }
        all.add(new Comparison("Remote call round trip, p99.9, string", "RemotePingPongBenchmark.callRoundTrip",
            PING_PONG, Map.of("payload", "string"), Map.of(), Figure.P99_9, true, "µs",
            "≤ 2× bare Aeron ping-pong's p99.9 (issue 19)", 2, NONE, NONE));
        // A short string, as a message's tag: a payload of bytes would count its own arrays (two per call).
        all.add(new Comparison("Remote call, bytes allocated (both nodes), string",
            "RemotePingPongBenchmark.callRoundTrip", null, Map.of("payload", "string"), Map.of(), Figure.BYTES_PER_OP,
            true, "B/op", "≤ 64 B (issue 19)", NONE, NONE, 64));
        for (String payload : List.of("bytes32", "string", "bytes256", "bytes4096")) {
            all.add(new Comparison("Remote one-way throughput, " + payload, "RemoteThroughputBenchmark.sendOneWay",
                ONE_WAY, Map.of("payload", payload), Map.of(), Figure.SCORE, false, "msgs/s",
                oneWayTarget(payload), NONE, oneWayMinRatio(payload), oneWayMinimum(payload)));
        }
        // The value a message carries is allocated when it is decoded; a small Long is not (the JDK caches it), so
        // this row reads the send and receive path's own allocation.
        all.add(new Comparison("Remote one-way, bytes allocated per message, long",
            "RemoteThroughputBenchmark.sendOneWay", null, Map.of("payload", "long"), Map.of(), Figure.BYTES_PER_OP,
            true, "B/msg", "≈ 0 B (-prof gc)", NONE, NONE, 1));
        all.add(new Comparison("Remote spawn round trip, p50", "RemoteSpawnBenchmark.roundTrip", PING_PONG,
            Map.of(), Map.of("payload", "string"), Figure.MEDIAN, true, "µs", "≤ 2× bare Aeron ping-pong (issue 19)",
            2, NONE, NONE));
        // Sampled times: JMH's own histogram is counted too, so the figure is a little above the runtime's own.
        all.add(new Comparison("Remote spawn, bytes allocated (both nodes)",
            "RemoteSpawnBenchmark.roundTrip", null, Map.of(), Map.of(), Figure.BYTES_PER_OP, true, "B/op",
            "≤ 512 B (issue 19)", NONE, NONE, 512));
        all.add(new Comparison("Pipelined remote spawns, one requester", "RemoteSpawnBenchmark.pipelined", null,
            Map.of(), Map.of(), Figure.SCORE, false, "spawns/s", "≥ 1,000,000/s (issue 19)", NONE, NONE,
            1_000_000));
        largeMessages(all);
        separateProcesses(all);
        all.add(new Comparison("Timer schedule + cancel", "TimerBenchmark.scheduleAndCancel", null, Map.of(), Map.of(),
            Figure.SCORE, true, "ns", "≤ 100 ns", NONE, NONE, 100));
        all.add(new Comparison("Restart of a crashed local child, p50 (chained)", "RestartBenchmark.chainedRestart",
            null, Map.of("logLevel", "INFO"), Map.of(), Figure.MEDIAN, true, "µs", "≤ 5 µs", NONE, NONE, 5));
        all.add(new Comparison("Restart of a crashed remote child, p50", "RemoteRestartBenchmark.restart",
            "RemoteRestartBenchmark.spawnRoundTrip", Map.of(), Map.of(), Figure.MEDIAN, true, "µs",
            "≤ 2× the remote spawn round trip", 2, NONE, NONE));
        return all;
    }

    /**
     * A call made while a 50 MiB message is on its way (issue 19), against the same call on an idle link; and, as
     * the floor under it, what the same load does to bare Aeron: a ping-pong beside a 50 MiB stream between the same
     * two drivers, against its idle ping-pong (no target: it says what this machine allows).
     */
    private static void largeMessages(List<Comparison> all) {
        all.add(new Comparison("Call right after a 50 MiB message, p50", "LargeMessageBenchmark.callAfterLarge",
            "LargeMessageBenchmark.idleCall", Map.of(), Map.of(), Figure.MEDIAN, true, "µs",
            "≤ 2× the idle call (issue 19)", 2, NONE, NONE));
        all.add(new Comparison("Bare Aeron: ping-pong beside a 50 MiB stream, p50 (the floor of the row above)",
            "BareAeronLargeStreamBenchmark.pingPongBesideLarge", "BareAeronLargeStreamBenchmark.idlePingPong",
            Map.of(), Map.of(), Figure.MEDIAN, true, "µs", "none: what the same load does to Aeron alone", NONE,
            NONE, NONE));
    }

    /**
     * The figures between nodes again with node B a process of its own (issue 19), each beside bare Aeron across the
     * same two processes, with the default wire security (sealed); the targets are those of the in-JVM rows.
     */
    private static void separateProcesses(List<Comparison> all) {
        for (String payload : List.of("string", "bytes256")) {
            all.add(new Comparison("Separate processes: call round trip, p50, " + payload,
                "SeparatePingPongBenchmark.callRoundTrip", SEPARATE_PING_PONG, sealed(payload), Map.of(),
                Figure.MEDIAN, true, "µs", "≤ 1.2× bare Aeron ping-pong (issue 19)", 1.2, NONE, NONE));
        }
        for (String payload : List.of("bytes32", "bytes256")) {
            all.add(new Comparison("Separate processes: one-way, " + payload,
                "SeparateThroughputBenchmark.sendOneWay", SEPARATE_ONE_WAY, sealed(payload), Map.of(),
                Figure.SCORE, false, "msgs/s", oneWayTarget(payload), NONE, oneWayMinRatio(payload), NONE));
        }
        all.add(new Comparison("Separate processes: spawn round trip, p50", "SeparateSpawnBenchmark.roundTrip",
            SEPARATE_PING_PONG, Map.of(), Map.of("payload", "string"), Figure.MEDIAN, true, "µs",
            "≤ 2× bare Aeron ping-pong (issue 19)", 2, NONE, NONE));
    }

    /**
     * Issue 19 asks the 32-byte one-way for bare Aeron's rate (batching can beat one offer per message) and the
     * 256-byte one for 0.9 of it; the other payloads keep the earlier half of it.
     */
    private static double oneWayMinRatio(String payload) {
        return switch (payload) {
            case "bytes32" -> 1.0;
            case "bytes256" -> 0.9;
            default -> 0.5;
        };
    }

    /** The bound of 2 M/s is for small messages: the 32-byte array and the short string. */
    private static double oneWayMinimum(String payload) {
        return payload.equals("bytes32") || payload.equals("string") ? 2_000_000 : NONE;
    }

    private static String oneWayTarget(String payload) {
        String ratio = switch (payload) {
            case "bytes32" -> "≥ 1.0× bare Aeron (issue 19)";
            case "bytes256" -> "≥ 0.9× bare Aeron (issue 19)";
            default -> "≥ 50% of bare Aeron";
        };
        return Double.isNaN(oneWayMinimum(payload)) ? ratio : ratio + " and ≥ 2,000,000/s";
    }

    private static Map<String, String> sealed(String payload) {
        return Map.of("payload", payload, "wireSecurity", "sealed");
    }
}
