package io.spore.launcher;

import java.util.Locale;

/**
 * The end of a program, as the launcher tells its subscribers: one JSON line each.
 *
 * @param host     the launcher's host name
 * @param label    the program's label
 * @param pid      its OS process id
 * @param exitCode its exit status, or {@code null} when a signal ended it
 * @param signal   the signal's name ({@code TERM}, {@code KILL}, {@code SEGV}, ...), or {@code null}
 * @param time     when it ended, ISO-8601 UTC
 * @param outcome  {@code stopped} (by {@code stop} or {@code shutdown}), {@code failed} (ended on its own with a
 *                 non-zero status or a signal) or {@code exited} (ended on its own with status 0)
 */
public record ProcessEnd(String host, String label, long pid, Integer exitCode, String signal, String time,
                         String outcome) {
    /** @return one line for a person: {@code 2026-...Z host p1 pid 42 stopped (signal TERM)} */
    public String describe() {
        String how = signal != null ? "signal " + signal : "exit " + exitCode;
        return String.format(Locale.ROOT, "%s %s %s pid %d %s (%s)", time, host, label, pid, outcome, how);
    }
}
