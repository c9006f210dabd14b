package io.spore.distribution;

import io.spore.launcher.ForkMethod;
import io.spore.launcher.NodeManager;
import io.spore.launcher.NodeSpec;
import io.spore.launcher.StartedNode;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A creator in a JVM of its own, for the test that kills it with {@code kill -9}: starts a non-detached and a
 * detached node through the node manager API with {@code sh}, prints {@code ready PID PID}, and waits forever.
 *
 * <p>Arguments: the spore script, the two node names, the detached node's log file, then options for
 * {@code spore node}.
 */
public final class CreatorMain {
    private CreatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> nodeOptions = Arrays.asList(args).subList(4, args.length);
        List<String> detachedOptions = new java.util.ArrayList<>(nodeOptions);
        detachedOptions.addAll(List.of("--log-file", args[3]));
        StartedNode attached = NodeManager.start(new NodeSpec().name(args[1]).fork(ForkMethod.of("sh"))
            .spore(args[0]).nodeArguments(nodeOptions));
        StartedNode detached = NodeManager.start(new NodeSpec().name(args[2]).fork(ForkMethod.of("sh"))
            .spore(args[0]).detach(true).nodeArguments(detachedOptions));
        attached.ping();
        detached.ping();
        System.out.println("ready " + attached.pid() + " " + detached.pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
