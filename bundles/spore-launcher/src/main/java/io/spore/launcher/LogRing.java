package io.spore.launcher;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes a program wrote: older output is overwritten, so a program that floods its
 * output costs the launcher a fixed amount of memory. Thread-safe: one pump writes, any thread reads.
 */
public final class LogRing {
    private final byte[] ring;
    private long written;

    /** @param capacity how many of the last bytes to keep; at least 1 */
    public LogRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a log ring needs at least 1 byte, not " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (length >= ring.length) {
            // Only the tail survives: copy it whole and align the ring so it reads from 0.
            System.arraycopy(bytes, offset + length - ring.length, ring, 0, ring.length);
            written += length;
            int shift = (int) (written % ring.length);
            if (shift != 0) {
                byte[] copy = ring.clone();
                for (int i = 0; i < ring.length; i++) {
                    ring[(i + shift) % ring.length] = copy[i];
                }
            }
            return;
        }
        int at = (int) (written % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(bytes, offset, ring, at, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        written += length;
    }

    /** @return every byte ever written, kept or not */
    public synchronized long written() {
        return written;
    }

    /** @return the kept bytes, oldest first */
    public synchronized byte[] bytes() {
        int kept = (int) Math.min(written, ring.length);
        byte[] out = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, kept - first);
        return out;
    }

    /**
     * @return the kept output as text, preceded by a line saying how much was dropped when the ring overflowed
     */
    public String text() {
        byte[] kept;
        long total;
        synchronized (this) {
            kept = bytes();
            total = written;
        }
        String text = new String(kept, StandardCharsets.UTF_8);
        return total > kept.length ? "[... " + (total - kept.length) + " earlier bytes dropped ...]\n" + text : text;
    }
}
