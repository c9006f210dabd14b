package io.spore.core;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessFactory;

import java.util.concurrent.BlockingQueue;

/**
 * A child for supervisor tests. Its first init argument is its name; it logs {@code start:NAME} from init and
 * {@code stop:NAME:KIND} from terminate into a shared queue. It crashes on "crash", ends normally on "stop", and,
 * when its second argument is "stubborn", ignores exit signals it traps. An init argument "fail" makes init throw.
 */
final class SupervisedWorker implements ProcessBehavior {
    private final BlockingQueue<String> events;
    private String name;
    private boolean stubborn;

    private SupervisedWorker(BlockingQueue<String> events) {
        this.events = events;
    }

    static ProcessFactory factory(BlockingQueue<String> events) {
        return () -> new SupervisedWorker(events);
    }

    @Override
    public void init(ProcessContext ctx, Object... args) {
        name = (String) args[0];
        stubborn = args.length > 1 && "stubborn".equals(args[1]);
        if (args.length > 1 && "fail".equals(args[1])) {
            throw new IllegalStateException(name + " refuses to start");
        }
        events.add("start:" + name);
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if ("crash".equals(message)) {
            throw new IllegalStateException(name + " crashed on purpose");
        }
        if ("stop".equals(message)) {
            ctx.exit(ExitReason.NORMAL);
        }
        if (message instanceof Exit exit && !stubborn) {
            ctx.exit(exit.reason());
        }
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason) {
        events.add("stop:" + name + ":" + reason.kind());
    }

    /** A process that monitors the pid in its first argument and puts the {@link Down} it gets into a queue. */
    static ProcessFactory watcher(BlockingQueue<Down> downs) {
        return () -> new ProcessBehavior() {
            @Override
            public void init(ProcessContext ctx, Object... args) {
                ctx.monitor((Pid) args[0]);
            }

            @Override
            public void handleMessage(ProcessContext ctx, Pid from, Object message) {
                if (message instanceof Down down) {
                    downs.add(down);
                }
            }
        };
    }
}
