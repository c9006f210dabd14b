package io.spore.shell;

import io.spore.api.SporeException;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * How every {@code spore:*} command runs and fails: against the service it needs, which may be missing, printing
 * one line {@code <command> failed: <reason>} for a missing service or any failure, never a stack trace.
 */
final class CommandRunner {
    private CommandRunner() {
    }

    /**
     * @param command the command's name, for the failure line
     * @param service the service the command works on, or {@code null} when none is registered
     * @param missing what to say when it is missing: which service, and what to check
     * @param action  the command's work
     */
    static <T> void run(String command, T service, String missing, Consumer<T> action) {
        PrintStream out = out();
        if (service == null) {
            out.println(command + " failed: no Spore node is running in this framework (" + missing + ")");
            return;
        }
        try {
            action.accept(service);
        } catch (SporeException e) {
            out.println(command + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // Not a Spore failure, so its type is part of the story; still one line, never a stack trace.
            out.println(command + " failed: " + e);
        }
    }

    /** Read at each use: Gogo installs its per-thread System.out when its bundle starts, maybe after this one. */
    static PrintStream out() {
        return System.out;
    }
}
