package io.spore.api;

/**
 * The message a process that traps exits receives when a linked process ends or someone sends it an exit
 * signal (Erlang's {@code {'EXIT', From, Reason}}).
 *
 * @param from   the process that ended or sent the signal
 * @param reason why
 */
public record Exit(Pid from, ExitReason reason) {
}
