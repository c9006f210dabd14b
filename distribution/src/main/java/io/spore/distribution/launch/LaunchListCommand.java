package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.launcher.Json;
import io.spore.launcher.ProcessView;
import io.spore.launcher.Reply;
import io.spore.launcher.Request;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code spore launch list}: every program the daemon knows, running or ended. */
@Command(name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Lists the daemon's programs: label, OS pid, state (running, stopping, stopped, exited, failed), start time"
            + " (UTC) and command; for ended ones also how they ended.",
        ""
    })
final class LaunchListCommand extends LaunchClientCommand {
    @Option(names = "--json", description = "One JSON object per program, one per line.")
    boolean json;

    @Override
    Request request() {
        return Request.of("list");
    }

    @Override
    List<String> remoteArguments() {
        return json ? List.of("--json") : List.of();
    }

    @Override
    void print(Reply reply, PrintWriter out) {
        List<ProcessView> processes = reply.processes() == null ? List.of() : reply.processes();
        if (json) {
            processes.forEach(view -> out.println(Json.write(view)));
            return;
        }
        if (processes.isEmpty()) {
            out.println("no programs");
            return;
        }
        int labelWidth = Math.max(5, processes.stream().mapToInt(view -> view.label().length()).max().orElse(5));
        String format = "%-" + labelWidth + "s  %8s  %-8s  %-24s  %s%n";
        out.printf(format, "LABEL", "PID", "STATE", "STARTED", "COMMAND");
        for (ProcessView view : processes) {
            String command = String.join(" ", view.command());
            if (view.ended() != null) {
                command += "  [" + (view.signal() != null ? "signal " + view.signal() : "exit " + view.exitCode())
                    + " at " + view.ended() + "]";
            }
            out.printf(format, view.label(), view.pid(), view.state(), view.started(), command);
        }
    }
}
