package io.spore.distribution.cli;

import io.spore.distribution.framework.TransportLog;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes java.util.logging print one line per record: the core logs through {@link System.Logger}, which goes to
 * JUL by default, whose two-line default format buries the message.
 */
public final class OneLineLogging {
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    /** Time, level, logger, message, then the stack trace if any. */
    private static final String FORMAT = "%1$tH:%1$tM:%1$tS.%1$tL %4$s %3$s: %5$s%6$s%n";

    private OneLineLogging() {
    }

    /**
     * Sets the one-line format unless the user chose one with {@code -D}. Call before anything logs: JUL's
     * formatter reads the property once.
     */
    public static void install() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, FORMAT);
        }
    }

    /** Lowers the root level to {@link Level#FINE}, for {@code --verbose}. */
    public static void verbose() {
        setRootLevel(Level.FINE);
    }

    /**
     * Turns the console log off: a client command's output is its answer, and a failure is one line that carries
     * the transport's last warning or error (see {@link TransportLog}); its short-lived node's start and stop are
     * not news.
     */
    public static void quiet() {
        setRootLevel(Level.OFF);
    }

    private static void setRootLevel(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }
}
