package io.spore.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the command lines that run Spore on another machine: {@code ssh [options] HOST -- 'spore' 'launch' ...}.
 * ssh joins the words after the host into one line for the remote user's shell, so each word is quoted here for
 * sh, and the remote side receives exactly the arguments given. Stateless.
 */
public final class RemoteShell {
    /** Words sh reads as themselves, which need no quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private RemoteShell() {
    }

    /**
     * @param ssh     the ssh command and its options, e.g. {@code [ssh, -F, /path/config]}; {@code BatchMode=yes} is
     *                added so that a missing key fails at once instead of asking for a password nobody types
     * @param host    the host (or {@code user@host}, or an alias of the ssh configuration)
     * @param program the remote program's words, e.g. {@code [spore, launch, list]}
     * @return the local command line
     */
    public static List<String> sshCommand(List<String> ssh, String host, List<String> program) {
        if (ssh.isEmpty()) {
            throw new LaunchException("empty ssh command: give the program, e.g. ssh");
        }
        if (host == null || host.isBlank() || host.startsWith("-")) {
            throw new LaunchException("invalid host '" + host + "': give a host name, user@host or an ssh alias");
        }
        List<String> command = new ArrayList<>(ssh);
        command.add("-o");
        command.add("BatchMode=yes");
        command.add(host);
        command.add("--");
        command.add(quote(program));
        return command;
    }

    /**
     * A fork method's command line: {@code COMMAND HOST words...} as rsh and similar commands take it, the words
     * quoted into one remote line as for ssh.
     */
    public static List<String> forkCommand(List<String> fork, String host, List<String> program) {
        List<String> command = new ArrayList<>(fork);
        command.add(host);
        command.add(quote(program));
        return command;
    }

    /** @return the words quoted for sh and joined with spaces */
    public static String quote(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    /** @return one word quoted for sh: as is when it holds only safe characters, else in single quotes */
    public static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** @return a command given as one string split into words at white space (no quoting inside) */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        for (String word : command.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
