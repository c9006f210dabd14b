package io.spore.api;

/**
 * What a process does. A behaviour object belongs to exactly one process, and the node calls its methods one at
 * a time, never on two threads at once, so it may keep plain (non-volatile) state in fields. Successive calls may
 * run on different worker threads; the node orders them with happens-before edges.
 *
 * <p>A method that throws ends the process with {@link ExitReason#error(Throwable)}; the error is logged with the
 * pid, linked processes and monitors are told, and the node carries on. Handlers must not block for long: they
 * share a small pool of worker threads with every other process. Use {@link ProcessContext#call} with a
 * {@link ReplyHandler} instead of waiting.
 */
public interface ProcessBehavior {

    /**
     * Called once, before any message, on the spawner's thread, before {@code spawn} returns. Throwing fails the
     * spawn with {@link SporeException.Reason#INIT_FAILED} carrying the error, and the process never exists for
     * others. Calling {@link ProcessContext#exit(ExitReason)} here ends the process right after {@code init}.
     *
     * @param context the process's view of the runtime
     * @param args    the spawn arguments, never {@code null}
     * @throws Exception to refuse to start
     */
    default void init(ProcessContext context, Object... args) throws Exception {
    }

    /**
     * Handles one message sent with {@code send}, and the {@link Exit} and {@link Down} notifications.
     *
     * @param context the process's view of the runtime
     * @param from    the sender: a process, or the sending node's identity ({@link Pid#isNode()})
     * @param message the message, never {@code null}
     * @throws Exception to end the process with the error
     */
    void handleMessage(ProcessContext context, Pid from, Object message) throws Exception;

    /**
     * Answers one synchronous call. Return the reply; or return {@link ProcessContext#NO_REPLY} and answer later
     * with {@link ProcessContext#reply(Caller, Object)}. The default refuses calls with
     * {@link SporeException.Reason#NOT_SUPPORTED}, which the caller receives, and the process carries on.
     *
     * @param context the process's view of the runtime
     * @param caller  who is waiting, to pass to {@code reply} when answering later
     * @param request the request, never {@code null}
     * @return the reply, or {@link ProcessContext#NO_REPLY}
     * @throws Exception to end the process with the error; the caller gets {@link SporeException.Reason#CALL_FAILED}
     */
    default Object handleCall(ProcessContext context, Caller caller, Object request) throws Exception {
        throw new SporeException(SporeException.Reason.NOT_SUPPORTED,
            "process " + context.self() + " (" + getClass().getName() + ") does not answer calls");
    }

    /**
     * Called once when the process ends for any reason but {@link ExitReason#KILLED}, on its own turn. Its
     * registered name, links and monitors are still in place; exceptions are logged and ignored.
     *
     * @param context the process's view of the runtime
     * @param reason  why it ends
     */
    default void terminate(ProcessContext context, ExitReason reason) {
    }
}
