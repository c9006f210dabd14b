package io.spore.distribution.launch;

import io.spore.distribution.framework.ActionableException;
import io.spore.launcher.RemoteShell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code spore launch} command run on another host through ssh ({@code --host}): {@code ssh HOST spore launch
 * [--socket S] NAME ARGS...}, with this process's standard output and error passed through and the remote exit
 * status returned, so the command behaves as if it ran here.
 */
final class RemoteLaunch {
    private final LaunchCommand launch;
    private final String name;
    private final List<String> arguments;
    private final Path input;
    private final String inputText;

    /**
     * @param launch    the parent command's options (host, ssh, remote spore, socket)
     * @param name      the subcommand's name
     * @param arguments the subcommand's arguments
     * @param input     a file for the remote command's standard input, or {@code null} for none
     */
    RemoteLaunch(LaunchCommand launch, String name, List<String> arguments, Path input) {
        this(launch, name, arguments, input, null);
    }

    /**
     * @param inputText text for the remote command's standard input instead of a file (a key, which must not be
     *                  written to a file or shown on a command line), or {@code null}
     */
    private RemoteLaunch(LaunchCommand launch, String name, List<String> arguments, Path input, String inputText) {
        this.launch = launch;
        this.name = name;
        this.arguments = arguments;
        this.input = input;
        this.inputText = inputText;
    }

    /**
     * @return the command {@code launch NAME ARGS...} on the remote host with {@code text} (and a line end) on its
     *         standard input: through ssh's own encrypted channel, never on a command line that {@code ps} shows
     */
    static RemoteLaunch withInput(LaunchCommand launch, String name, List<String> arguments, String text) {
        return new RemoteLaunch(launch, name, arguments, null, text);
    }

    /** @return the local ssh command line */
    private List<String> command() {
        List<String> words = new ArrayList<>(List.of(launch.spore, "launch"));
        if (launch.socket != null) {
            words.add("--socket");
            words.add(launch.socket.toString());
        }
        words.add(name);
        words.addAll(arguments);
        return RemoteShell.sshCommand(RemoteShell.split(launch.ssh), launch.host, words);
    }

    /**
     * Runs it and waits.
     *
     * @return the remote command's exit status
     * @throws ActionableException when ssh cannot be run or fails to reach the host
     */
    int run() throws InterruptedException {
        Process ssh = start(ProcessBuilder.Redirect.INHERIT);
        if (inputText != null) {
            try (java.io.OutputStream stdin = ssh.getOutputStream()) {
                stdin.write((inputText + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                // ssh ended before reading it; its status and message say why.
            }
        }
        return await(ssh);
    }

    /**
     * Starts it with the given standard output (standard error is passed through).
     *
     * @return the ssh process
     */
    private Process start(ProcessBuilder.Redirect output) {
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(output)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(inputText != null ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.from(input == null ? new File("/dev/null") : input.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ActionableException("cannot run " + command.get(0) + " to reach " + launch.host + ": "
                + e.getMessage());
        }
    }

    /** @return the exit status of a started command; 255 (ssh's own failure) becomes an ActionableException */
    private int await(Process ssh) throws InterruptedException {
        int status = ssh.waitFor();
        if (status == 255) {
            throw new ActionableException("ssh to " + launch.host + " failed (status 255): see its message above");
        }
        return status;
    }
}
