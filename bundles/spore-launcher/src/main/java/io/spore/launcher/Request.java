package io.spore.launcher;

import java.util.List;

/**
 * One request to the launch daemon, one JSON line. Which fields matter depends on {@link #op}.
 *
 * @param op       {@code submit}, {@code list}, {@code stop}, {@code logs}, {@code shutdown}, {@code subscribe},
 *                 {@code unsubscribe} or {@code subscribers}
 * @param programs what {@code submit} starts, all or none
 * @param labels   what {@code stop} stops; {@code logs} reads the first
 * @param address  the subscriber's {@code host:port}, for {@code subscribe} and {@code unsubscribe}
 * @param filter   the subscriber's label glob, for {@code subscribe}; {@code null} for every label
 * @param graceMs  how long {@code stop} and {@code shutdown} wait after TERM before KILL; {@code null} for the
 *                 daemon's default
 * @param secret   the subscriber's key ({@link SubscriberSecret#encoded()}), for {@code subscribe}: the daemon signs
 *                 every notice to it with this key
 */
public record Request(String op, List<Program> programs, List<String> labels, String address, String filter,
                      Long graceMs, String secret) {
    /** Hides the secret, so a request can be logged. */
    @Override
    public String toString() {
        return "Request[op=" + op + ", programs=" + programs + ", labels=" + labels + ", address=" + address
            + ", filter=" + filter + ", graceMs=" + graceMs + (secret == null ? "" : ", secret=hidden") + "]";
    }

    /** @return a request with only an operation */
    public static Request of(String op) {
        return new Request(op, null, null, null, null, null, null);
    }

    /** @return a submit of these programs */
    public static Request submit(List<Program> programs) {
        return new Request("submit", programs, null, null, null, null, null);
    }

    /** @return a stop of these labels */
    public static Request stop(List<String> labels, Long graceMs) {
        return new Request("stop", null, labels, null, null, graceMs, null);
    }

    /** @return a request for one label's log */
    public static Request logs(String label) {
        return new Request("logs", null, List.of(label), null, null, null, null);
    }

    /**
     * @return a subscription of the subscriber at {@code address} to the ends of labels matching {@code filter},
     *         signed with {@code secret}
     */
    public static Request subscribe(String address, String filter, SubscriberSecret secret) {
        return new Request("subscribe", null, null, address, filter, null, secret.encoded());
    }

    /** @return the end of the subscription of the subscriber at {@code address} */
    public static Request unsubscribe(String address) {
        return new Request("unsubscribe", null, null, address, null, null, null);
    }
}
