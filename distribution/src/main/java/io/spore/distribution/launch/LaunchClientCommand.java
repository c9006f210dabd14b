package io.spore.distribution.launch;

import io.spore.distribution.framework.ActionableException;
import io.spore.launcher.LaunchClient;
import io.spore.launcher.Reply;
import io.spore.launcher.Request;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What the commands that talk to a launch daemon share: locally, one request over the socket and the reply
 * printed; with {@code --host}, the same command run on that host by ssh, its output passed through and its exit
 * status returned. A refusal is one line on standard error and status 1.
 */
abstract class LaunchClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LaunchCommand launch;

    /** @return the request to send to a local daemon */
    abstract Request request();

    /** @return this command's own arguments, to repeat on a remote host after {@code spore launch NAME} */
    abstract List<String> remoteArguments();

    /** Prints a successful reply. */
    void print(Reply reply, PrintWriter out) {
        if (reply.message() != null && !reply.message().isEmpty()) {
            out.println(reply.message());
        }
    }

    /** @return a file for the remote command's standard input, or {@code null} to give it none */
    Path remoteInput() {
        return null;
    }

    @Override
    public Integer call() throws Exception {
        if (launch.host != null) {
            return runRemotely();
        }
        Reply reply = client().send(request());
        if (!reply.ok()) {
            throw new ActionableException(reply.error());
        }
        PrintWriter out = spec.commandLine().getOut();
        print(reply, out);
        out.flush();
        return 0;
    }

    private LaunchClient client() {
        return new LaunchClient(launch.socket);
    }

    private int runRemotely() throws InterruptedException {
        return new RemoteLaunch(launch, spec.name(), remoteArguments(), remoteInput()).run();
    }
}
