package io.spore.launcher;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a new node is started on its host, as Mozart's {@code Remote.manager} forks: {@code sh} runs it on this host
 * ({@code sh -c 'exec spore node ...'}; the host is then only the node's name), {@code ssh} and {@code rsh} run it
 * on the host through that command, {@code automatic} is {@code sh} for this host and {@code ssh} otherwise, and any
 * other command is run as {@code COMMAND HOST 'spore node ...'}. Immutable.
 */
public final class ForkMethod {
    private final String text;
    private final List<String> command;

    private ForkMethod(String text, List<String> command) {
        this.text = text;
        this.command = command;
    }

    /**
     * @param text {@code automatic}, {@code sh}, {@code ssh}, {@code rsh}, or a command split at spaces
     * @return the method
     * @throws LaunchException when the text is empty
     */
    public static ForkMethod of(String text) {
        if (text == null || text.isBlank()) {
            throw new LaunchException("empty fork method: give automatic, sh, ssh, rsh or a command");
        }
        return new ForkMethod(text.trim(), RemoteShell.split(text));
    }

    /**
     * @param host the host
     * @param ssh  the ssh command to use for {@code ssh} (for example with {@code -F config}); {@code [ssh]} normally
     * @return the method {@code automatic} stands for on that host, or this method
     */
    public ForkMethod resolve(String host, List<String> ssh) {
        if (!text.equals("automatic")) {
            return this;
        }
        return isThisHost(host) ? of("sh") : new ForkMethod("ssh", ssh);
    }

    /** @return the method's name or command, as given */
    public String text() {
        return text;
    }

    /**
     * @param host    where the node runs
     * @param program the node's command ({@code spore node ...})
     * @param ssh     the ssh command for the {@code ssh} method
     * @return the local command line that starts it
     */
    public List<String> commandLine(String host, List<String> program, List<String> ssh) {
        ForkMethod method = resolve(host, ssh);
        switch (method.text) {
            case "sh" -> {
                // $0 and "$@" carry the words untouched; exec makes the node the process this JVM watches.
                List<String> line = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\""));
                line.addAll(program);
                return line;
            }
            case "ssh" -> {
                return RemoteShell.sshCommand(method.command.size() == 1 ? ssh : method.command, host, program);
            }
            default -> {
                return RemoteShell.forkCommand(method.command, host, program);
            }
        }
    }

    /** @return whether {@code host} names this machine: localhost, a loopback address or one of its addresses */
    public static boolean isThisHost(String host) {
        String bare = host.substring(host.indexOf('@') + 1);
        if (bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1")) {
            return true;
        }
        try {
            if (bare.equalsIgnoreCase(InetAddress.getLocalHost().getHostName())) {
                return true;
            }
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            // Not resolvable here (an ssh alias, say): not this host as far as we can tell.
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
