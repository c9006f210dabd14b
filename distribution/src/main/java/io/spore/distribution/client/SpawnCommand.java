package io.spore.distribution.client;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.RemoteNode;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.cli.NodeNameConverter;
import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code spore spawn}: a remote spawn on a node, from a short-lived client node; prints the new pid. */
@Command(name = "spawn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Spawns a process on a running node from one of its factories (a remote spawn), joining as a short-lived"
            + " client node with the cookie, and prints the new pid.",
        "ARGS are passed to the process's init: whole numbers become Long, true and false Boolean, other words"
            + " String. The client must be allowed by the factory's access list on that node. Exit status 1 with"
            + " the typed error on one line (NOT_ALLOWED, UNKNOWN_FACTORY, NAME_TAKEN, REMOTE_SPAWN_DISABLED,"
            + " INIT_FAILED, TIMEOUT, NODE_DOWN).",
        ""
    })
public final class SpawnCommand extends ClientCommand {
    @Option(names = "--node", required = true, paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node to spawn on, for example demo@localhost.")
    NodeName node;

    @Option(names = "--register", paramLabel = "NAME",
        description = "Register the new process under this name on that node.")
    String register;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
        description = "How long to wait for the node's answer, e.g. 500ms or 10s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "FACTORY", description = "The spawn name on that node, e.g. echo.")
    String factory;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Arguments for the init.")
    List<String> args = new ArrayList<>();

    @Override
    NodeName target() {
        return node;
    }

    @Override
    void validate() {
        for (String name : register == null ? List.of(factory) : List.of(factory, register)) {
            if (!Name.isValid(name)) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a valid name: use 1 to 255"
                    + " letters, digits and _ - . / :, starting with a letter, a digit or _");
            }
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
    }

    @Override
    void run(Node client, PrintWriter out) {
        RemoteNode remote = client.network().getNode(node);
        ProcessOptions options = ProcessOptions.DEFAULTS.withSpawnTimeout(timeout);
        Object[] values = args.stream().map(SpawnCommand::value).toArray();
        Pid pid = register == null
            ? remote.spawn(Name.of(factory), options, values)
            : remote.spawnRegister(Name.of(register), Name.of(factory), options, values);
        out.println(pid);
    }

    /** The shell's rule: whole numbers that fit a long become Long, true/false Boolean, the rest String. */
    static Object value(String word) {
        if (word.equals("true") || word.equals("false")) {
            return Boolean.valueOf(word);
        }
        if (word.matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(word);
            } catch (NumberFormatException tooBig) {
                return word;
            }
        }
        return word;
    }

    @Override
    String doing() {
        return "spawning '" + factory + "' on " + node;
    }
}
