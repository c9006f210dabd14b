package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Reply;
import io.spore.launcher.Request;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code spore launch logs LABEL}: the latest output the daemon kept of a program. */
@Command(name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Prints the latest output (standard output and error) the daemon kept of a program, running or ended:"
            + " the last --log-size KiB given to serve.",
        ""
    })
final class LaunchLogsCommand extends LaunchClientCommand {
    @Parameters(paramLabel = "LABEL", description = "The program's label.")
    String label;

    @Override
    Request request() {
        return Request.logs(label);
    }

    @Override
    List<String> remoteArguments() {
        return List.of("--", label);
    }

    @Override
    void print(Reply reply, PrintWriter out) {
        out.print(reply.log() == null ? "" : reply.log());
    }
}
