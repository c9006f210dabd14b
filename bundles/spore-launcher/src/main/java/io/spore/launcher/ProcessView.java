package io.spore.launcher;

import java.util.List;

/**
 * What {@code spore launch list} shows of one program.
 *
 * @param label    the program's label
 * @param pid      its OS process id
 * @param state    {@code running}, {@code stopping}, {@code stopped}, {@code exited} (status 0 on its own) or
 *                 {@code failed} (another status or a signal, on its own)
 * @param started  when it started, ISO-8601 UTC
 * @param command  the command and its arguments
 * @param ended    when it ended, or {@code null} while it runs
 * @param exitCode its exit status when it exited, else {@code null}
 * @param signal   the signal that ended it ({@code TERM}, {@code KILL}, ...), else {@code null}
 */
public record ProcessView(String label, long pid, String state, String started, List<String> command, String ended,
                          Integer exitCode, String signal) {
}
