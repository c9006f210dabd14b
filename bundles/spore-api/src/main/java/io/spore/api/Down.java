package io.spore.api;

/**
 * The message a monitoring process receives when the process it monitors ends (Erlang's
 * {@code {'DOWN', Ref, process, Pid, Reason}}). Delivered once per monitor; a monitor of a process that does not
 * exist delivers it at once with {@link ExitReason#NOPROC}.
 *
 * @param monitor the reference {@link ProcessContext#monitor(Pid)} returned
 * @param pid     the monitored process
 * @param reason  why it ended
 */
public record Down(Ref monitor, Pid pid, ExitReason reason) {
}
