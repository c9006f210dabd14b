package io.spore.transport;

import org.agrona.collections.Int2ObjectHashMap;

import java.lang.System.Logger.Level;

/**
 * Logs the frames a node drops, at most one line per sending session per interval, with the number dropped since
 * that session's last line: a hostile or broken peer that sends a million bad frames costs a million counter
 * increments and a few log lines, not a million lines.
 *
 * <p>The sessions remembered are bounded ({@link #MAX_SESSIONS}); when a stranger invents more, the table starts
 * afresh, which at worst logs a few more lines.
 *
 * <p>Threading: used only by the thread doing the receiving work (under the transport agent's receive lock).
 */
final class FrameDropLog {
    /** Sessions whose last line is remembered. */
    static final int MAX_SESSIONS = 256;

    private static final System.Logger LOG = System.getLogger(FrameDropLog.class.getName());

    private final String self;
    private final long intervalNs;
    private final Int2ObjectHashMap<Entry> sessions = new Int2ObjectHashMap<>();

    private static final class Entry {
        long lastLogNs;
        long suppressed;
    }

    /**
     * @param self       the node, for the log lines
     * @param intervalNs the shortest time between two lines about one session
     */
    FrameDropLog(String self, long intervalNs) {
        this.self = self;
        this.intervalNs = intervalNs;
    }

    /**
     * Notes one dropped frame, and logs it unless this session's last line is younger than the interval.
     *
     * @param level     the level of the line: WARNING for a frame that broke the code reading it, DEBUG for one a
     *                  peer sent wrong
     * @param sessionId the Aeron session that sent it
     * @param peer      who that session belongs to, or {@code null} before its handshake
     * @param what      what happened to the frame
     * @param cause     the error, whose message ends the line (and whose trace follows at WARNING)
     */
    void dropped(Level level, int sessionId, Object peer, String what, Throwable cause) {
        long nowNs = System.nanoTime();
        Entry entry = sessions.get(sessionId);
        if (entry == null) {
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.clear();
            }
            entry = new Entry();
            entry.lastLogNs = nowNs - intervalNs;
            sessions.put(sessionId, entry);
        }
        if (nowNs - entry.lastLogNs < intervalNs) {
            entry.suppressed++;
            return;
        }
        long earlier = entry.suppressed;
        entry.suppressed = 0;
        entry.lastLogNs = nowNs;
        if (!LOG.isLoggable(level)) {
            return;
        }
        String line = self + " dropped " + what + " from " + (peer == null ? "unauthenticated session " + sessionId
            : peer + " (session " + sessionId + ")") + (earlier == 0 ? "" : ", and " + earlier + " more since its"
            + " last report") + ": " + cause;
        if (level.getSeverity() >= Level.WARNING.getSeverity()) {
            LOG.log(level, line, cause);
        } else {
            LOG.log(level, line);
        }
    }
}
