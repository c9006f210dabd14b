package io.spore.shell;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import java.time.Duration;

/**
 * Where a shell command sends: a pid or a registered name, told apart by their text. {@code <demo@localhost.42.1>}
 * is a pid; so is {@code demo@localhost.42.1}, because Gogo treats {@code <} and {@code >} as redirections unless
 * the word is quoted, and a name can never contain {@code @}. Anything else is a registered name.
 */
record Target(Pid pid, Name name) {

    /**
     * @throws SporeException {@code INVALID_NAME} when the text is neither a pid nor a valid name
     */
    static Target parse(String text) {
        if (text.startsWith("<")) {
            return new Target(Pid.parse(text), null);
        }
        if (text.indexOf('@') >= 0) {
            return new Target(Pid.parse("<" + text + ">"), null);
        }
        return new Target(null, Name.of(text));
    }

    /**
     * A pid as the commands print it, so that it can be pasted back into a command: {@code '<demo@localhost.42.1>'}.
     * Gogo takes a single-quoted word literally (a bare {@code <} would be a redirection) and hands the command the
     * text inside the quotes, which is the pid as logs and errors show it; POSIX shells read it the same way.
     */
    static String print(Pid pid) {
        return "'" + pid + "'";
    }

    /**
     * @param options for Ergo's important delivery ({@link SendOptions#IMPORTANT}, maybe with a delivery id): fail
     *                when the process does not exist instead of dropping the message; a name is resolved here
     */
    void send(Node node, Object message, SendOptions options) {
        if (options.important()) {
            node.send(resolve(node), message, options);
        } else if (pid != null) {
            node.send(pid, message);
        } else {
            node.send(name, message);
        }
    }

    Object call(Node node, Object request, Duration timeout) {
        return pid != null ? node.call(pid, request, timeout) : node.call(name, request, timeout);
    }

    /**
     * @throws SporeException {@code NO_PROCESS} when a name is not registered
     */
    Pid resolve(Node node) {
        if (pid != null) {
            return pid;
        }
        return node.whereis(name).orElseThrow(() -> new SporeException(SporeException.Reason.NO_PROCESS,
            "no process is registered as '" + name + "' (spore:names lists the registered names)"));
    }

    @Override
    public String toString() {
        return pid != null ? pid.toString() : name.toString();
    }
}
