package io.spore.api;

/**
 * Receives the outcome of a call made from inside a process. It runs on the calling process's own turn, so it
 * may touch the behaviour's state; the worker thread is never blocked while the reply is awaited.
 *
 * <p>The default {@link #onError} rethrows, which ends the calling process with the error, as an Erlang
 * {@code gen_server:call} that times out does. Override it to survive failures.
 */
@FunctionalInterface
public interface ReplyHandler {
    /**
     * @param reply the callee's answer, never {@code null}
     * @throws Exception to end the calling process with the error
     */
    void onReply(Object reply) throws Exception;

    /**
     * @param error why no reply came: {@link SporeException.Reason#TIMEOUT}, {@code NO_PROCESS},
     *              {@code CALL_FAILED}, {@code NOT_SUPPORTED}, {@code NODE_DOWN}…
     * @throws Exception to end the calling process with the error
     */
    default void onError(SporeException error) throws Exception {
        throw error;
    }
}
