package io.spore.metrics;

import io.spore.core.spi.TransportStatistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.spore.metrics.MetricDefinition.NODE;
import static io.spore.metrics.MetricDefinition.REASON;
import static io.spore.metrics.MetricDefinition.counter;

/**
 * The transport's counters ({@link TransportStatistics#counters()}, what JMX shows as {@code TransportCounters}), as
 * {@code spore_transport_*_total}: each counter by its name in snake case, except the frames and bytes (named by
 * direction first, as node_exporter names its network figures) and the frames dropped on arrival, which are one metric
 * with a {@code reason} label. A counter a later transport adds is exposed by the same rule, before its help here says
 * more than its name.
 *
 * <p>Threading: the scraping thread; the statistics are safe from any thread and never block.
 */
final class TransportMetrics {
    static final MetricDefinition SENT_FRAMES = counter("spore_transport_sent_frames_total",
        "Frames the transport took to send to other nodes, on both streams (a frame staged in a batch counts when"
            + " staged).", NODE);
    static final MetricDefinition SENT_BYTES = counter("spore_transport_sent_bytes_total",
        "Bytes of those frames, without Aeron's headers.", NODE);
    static final MetricDefinition RECEIVED_FRAMES = counter("spore_transport_received_frames_total",
        "Whole frames received from other nodes, valid or not.", NODE);
    static final MetricDefinition RECEIVED_BYTES = counter("spore_transport_received_bytes_total",
        "Bytes of those frames, without Aeron's headers.", NODE);
    static final MetricDefinition SENT_BATCHES = counter("spore_transport_sent_batches_total",
        "Aeron messages that carried two or more data frames as one batch (senders outran the media driver).", NODE);
    static final MetricDefinition REJECTED_FRAMES = counter("spore_transport_rejected_frames_total",
        "What the transport dropped on arrival, by reason, each frame under one: malformed (unreadable or"
            + " truncated frames), unauthenticated (from a sender without a completed handshake), oversized (messages"
            + " that grew past the largest frame while assembled), rejected_session (sessions that completed"
            + " no handshake in time), refused_handshake (Hellos left unanswered: too many pending),"
            + " stale_notice_ignored (stale-session notices not acted on), bad_tag (sealed messages that did not"
            + " prove authentic: forged, altered or injected), replay (sealed messages opened before) and chunk"
            + " (pieces of long frames out of order, for no frame, or past the largest frame).", NODE,
        REASON);

    /** The transport's counter of malformed frames, which counts the oversized ones too. */
    static final String MALFORMED = "malformedFrames";
    /** The transport's counter of oversized messages. */
    static final String OVERSIZED = "oversizedMessages";

    /** The counters that are {@link #REJECTED_FRAMES}, by their name in the statistics, with their reason. */
    static final Map<String, String> REJECTED = rejected();

    /** The other counters, with what each counts; the metric's name comes from the counter's. */
    static final Map<String, MetricDefinition> OTHERS = others();

    private TransportMetrics() {
    }

    private static Map<String, String> rejected() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(MALFORMED, "malformed");
        reasons.put("unauthenticatedFrames", "unauthenticated");
        reasons.put(OVERSIZED, "oversized");
        reasons.put("rejectedSessions", "rejected_session");
        reasons.put("refusedHandshakes", "refused_handshake");
        reasons.put("staleNoticesIgnored", "stale_notice_ignored");
        reasons.put("rejectedBadTag", "bad_tag");
        reasons.put("rejectedReplay", "replay");
        reasons.put("rejectedChunks", "chunk");
        return Map.copyOf(reasons);
    }

    private static Map<String, MetricDefinition> others() {
        Map<String, MetricDefinition> others = new LinkedHashMap<>();
        others.put("framesOut", SENT_FRAMES);
        others.put("bytesOut", SENT_BYTES);
        others.put("framesIn", RECEIVED_FRAMES);
        others.put("bytesIn", RECEIVED_BYTES);
        others.put("batchesOut", SENT_BATCHES);
        other(others, "failedHandshakes", "Handshakes that failed on this side: a wrong cookie, a refusal by the"
            + " peer, or a timeout.");
        other(others, "backPressureEvents", "Sends that met Aeron back-pressure at least once (most then went"
            + " through after retrying).");
        other(others, "backPressureFailures", "Sends that stayed back-pressured past the timeout and failed with"
            + " BACK_PRESSURED.");
        other(others, "pendingFull", "Sends refused with BACK_PRESSURED because the queue of a node being connected"
            + " to was full.");
        other(others, "droppedUnreachable", "Frames dropped because their node could not be reached.");
        other(others, "duplicatesDropped", "Important sends not delivered again because they repeated one already"
            + " delivered (a retry).");
        other(others, "connectionsUp", "Connections that completed their handshake.");
        other(others, "connectionsDown", "Connections that ended: goodbye, missed heartbeats, failed handshakes.");
        other(others, "errors", "Unexpected errors on the transport's threads.");
        other(others, "readPauses", "Times the reading of a node's data stopped because a process here reached its"
            + " mailbox limit.");
        other(others, "staleSessionNotices", "Sessions this node told that it has no connection for them.");
        other(others, "staleSessionsDropped", "Connections ended because their node said it restarted and no"
            + " longer knew them.");
        other(others, "lostInFlight", "Messages that had left when their connection went down and never arrived.");
        other(others, "unconfirmedInFlight", "Messages that had left when their connection went down and whose fate"
            + " is unknown.");
        other(others, "largeStreamTimeouts", "Times the large-message stream to a node did not open in time, so large"
            + " frames took the data stream in chunks.");
        return Map.copyOf(others);
    }

    private static void other(Map<String, MetricDefinition> others, String counter, String help) {
        others.put(counter, counter(metricName(counter), help, NODE));
    }

    /** @return the metric of a transport counter named {@code counter} (camelCase): its name in snake case */
    static String metricName(String counter) {
        return "spore_transport_" + counter.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
            + "_total";
    }

    /** @return every metric this class gives when the statistics hold every counter it knows, in a stable order */
    static List<MetricDefinition> all() {
        List<MetricDefinition> all = new ArrayList<>(List.of(SENT_FRAMES, SENT_BYTES, RECEIVED_FRAMES, RECEIVED_BYTES,
            SENT_BATCHES, REJECTED_FRAMES));
        OTHERS.values().stream().filter(metric -> !all.contains(metric))
            .sorted(Comparator.comparing(MetricDefinition::name)).forEach(all::add);
        return all;
    }

    /**
     * Adds the samples of {@code statistics}, the transport of {@code node}.
     *
     * @param malformedOnly where the malformed frames that were not oversized are counted (see {@link MalformedOnly})
     */
    static void collect(TransportStatistics statistics, String node, MalformedOnly malformedOnly, Samples samples) {
        Map<String, Long> counters = statistics.counters();
        counters.forEach((counter, read) -> {
            Long value = MALFORMED.equals(counter) && read != null
                ? Long.valueOf(malformedOnly.of(statistics, read, counters.get(OVERSIZED))) : read;
            String reason = REJECTED.get(counter);
            MetricDefinition metric = reason != null ? REJECTED_FRAMES : OTHERS.get(counter);
            if (metric == null) {
                metric = unknown(counter);
            }
            if (value == null || metric == null) {
                return;
            }
            if (reason != null) {
                samples.add(metric, value, node, reason);
            } else {
                samples.add(metric, value, node);
            }
        });
    }

    /** @return the metric of a counter this class does not know yet, or {@code null} if its name makes none */
    private static MetricDefinition unknown(String counter) {
        try {
            return counter(metricName(counter), "The transport's counter " + counter + " (JMX TransportCounters).",
                NODE);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
    }
}
