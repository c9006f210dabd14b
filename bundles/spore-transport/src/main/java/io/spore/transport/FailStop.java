package io.spore.transport;

import io.spore.api.NodeName;

import java.util.function.Consumer;

/**
 * What a transport does when its receiving thread has ended while it was not closing: nothing receives for the node
 * any more, so it stops, as Aeron's driver does on a fatal error. The action runs on a thread of its own, since it
 * may close the transport, which waits for the ended thread.
 */
final class FailStop {
    private static final System.Logger LOG = System.getLogger(AeronTransport.class.getName());

    private FailStop() {
    }

    /**
     * Says why at ERROR and starts the action.
     *
     * @param cause  what ended the thread, or {@code null} when it ended without an error
     * @param action the context's fail-stop action, or {@code null} to run {@code close}
     * @param close  closes the transport
     */
    static void begin(NodeName self, Throwable cause, Consumer<String> action, Runnable close) {
        String why = self + ": the transport's receiving thread ended"
            + (cause == null ? "" : " on " + cause) + "; no frame can be received any more, so the node stops";
        LOG.log(System.Logger.Level.ERROR, why, cause);
        Thread stopper = new Thread(() -> {
            if (action != null) {
                action.accept(why);
            } else {
                close.run();
            }
        }, "spore-fail-stop-" + self);
        stopper.setDaemon(true);
        stopper.start();
    }
}
