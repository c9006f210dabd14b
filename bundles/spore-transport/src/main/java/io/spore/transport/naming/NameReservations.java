package io.spore.transport.naming;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The names whose node left a moment ago, kept for the user that held them for {@link #RESERVATION}, so that another
 * user of this host cannot take a name in the gap while its node restarts. At most {@link #MAX_RESERVATIONS} are
 * kept; the oldest goes first.
 *
 * <p>Threading: not thread-safe; the name server calls it with its registry's lock held.
 */
final class NameReservations {
    /** How long a name stays its user's after the connection that held it closed. */
    static final Duration RESERVATION = Duration.ofSeconds(30);
    /** Names kept reserved at most. */
    static final int MAX_RESERVATIONS = 1024;

    private record Reservation(int uid, long untilNs) {
    }

    private final LinkedHashMap<String, Reservation> reserved = new LinkedHashMap<>();

    /** Keeps {@code name} for {@code uid} from {@code nowNs} on, then forgets what has expired or overflows. */
    void reserve(String name, int uid, long nowNs) {
        reserved.remove(name);
        reserved.put(name, new Reservation(uid, nowNs + RESERVATION.toNanos()));
        reserved.values().removeIf(reservation -> reservation.untilNs() - nowNs <= 0);
        for (Iterator<String> oldest = reserved.keySet().iterator();
             reserved.size() > MAX_RESERVATIONS && oldest.hasNext(); ) {
            oldest.next();
            oldest.remove();
        }
    }

    /** @return the uid {@code name} is kept for at {@code nowNs} when that is not {@code uid}; else -1 */
    int heldAgainst(String name, int uid, long nowNs) {
        Reservation reservation = reserved.get(name);
        return reservation != null && reservation.untilNs() - nowNs > 0 && reservation.uid() != uid
            ? reservation.uid() : -1;
    }

    /** {@code name} is registered again: it is no longer kept. */
    void release(String name) {
        reserved.remove(name);
    }

    void clear() {
        reserved.clear();
    }
}
