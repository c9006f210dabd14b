package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

import java.util.List;

/**
 * Answers calls with the request (and fails on "crash"); answers a message [pid, text] by sending text to pid, a
 * pid that travelled inside the message (Factor's reply), and any other message by sending it back to its sender.
 */
final class Echo implements ProcessBehavior {
    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if (message instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Pid replyTo) {
            ctx.send(replyTo, list.get(1));
        } else if (!from.isNode()) {
            ctx.send(from, message);
        }
    }

    @Override
    public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
        if ("crash".equals(request)) {
            throw new IllegalStateException("asked to crash");
        }
        return request;
    }
}
