package io.spore.core;

import java.util.concurrent.atomic.AtomicInteger;

/** A count that may grow only up to a limit, shared by the places that admit work against one. */
final class BoundedCounts {
    private BoundedCounts() {
    }

    /** @return whether {@code count} was below {@code limit} and is now one higher; false leaves it as it was */
    static boolean incrementIfBelow(AtomicInteger count, int limit) {
        while (true) {
            int now = count.get();
            if (now >= limit) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
