package io.spore.core;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.Pid;

import java.lang.System.Logger.Level;

/**
 * The lines a process's code writes with {@code ctx.log()}, and the line the runtime writes when a process ends.
 * The process filters by its own level first; the platform logger only decides where lines go.
 */
final class ProcessLog {
    private static final System.Logger LOG = System.getLogger(ProcessCell.class.getName());
    /** Where the lines processes write go; looked up once, not per line. */
    private static final System.Logger PROCESS_LOG = System.getLogger("io.spore.process");

    private ProcessLog() {
    }

    /** A line the process {@code pid} (registered as {@code name}, or not) writes; a last Throwable argument is logged. */
    static void write(Pid pid, Name name, LogLevel level, String format, Object... args) {
        Level jdkLevel = switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            default -> Level.ERROR;
        };
        if (!PROCESS_LOG.isLoggable(jdkLevel)) {
            return; // a line nobody will read is not formatted (a supervisor logs each restart at INFO)
        }
        Throwable thrown = args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
        String text = args.length == 0 ? format : String.format(format, args);
        String line = pid + (name == null ? "" : " " + name) + ": " + text;
        if (thrown == null) {
            PROCESS_LOG.log(jdkLevel, line);
        } else {
            PROCESS_LOG.log(jdkLevel, line, thrown);
        }
    }

    /** A crash is a warning with its stack; other ends are debug or trace detail. */
    static void exited(Pid pid, FactoryEntry entry, ExitReason reason, boolean crashed) {
        switch (reason.kind()) {
            case ERROR -> {
                if (crashed) {
                    LOG.log(Level.WARNING, "process " + pid + origin(entry) + " crashed: " + reason.cause(),
                        reason.cause());
                } else {
                    LOG.log(Level.DEBUG, () -> "process " + pid + " exited with a linked process: " + reason);
                }
            }
            case NORMAL, SHUTDOWN -> LOG.log(Level.TRACE, () -> "process " + pid + " exited: " + reason);
            default -> LOG.log(Level.DEBUG, () -> "process " + pid + origin(entry) + " exited: " + reason);
        }
    }

    private static String origin(FactoryEntry entry) {
        return entry == null ? "" : " (factory '" + entry.name() + "')";
    }
}
