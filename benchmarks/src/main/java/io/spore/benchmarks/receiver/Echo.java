package io.spore.benchmarks.receiver;

import io.spore.api.Caller;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;

/** Answers every call with the request, as the in-JVM ping-pong's echo; ignores messages. */
public final class Echo implements ProcessBehavior {
    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        return request;
    }
}
