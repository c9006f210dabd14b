package io.spore.distribution.client;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.SporeException;

import picocli.CommandLine;

import java.time.Duration;

/**
 * What {@code spore send} and {@code spore call} address with {@code --to}: a pid ({@code <a@host.42.7>}, or
 * without the brackets, which a shell would read as redirections) or a name registered on the {@code --node}. A
 * name can never hold {@code @}, so the text tells them apart.
 *
 * @param pid  the process, or {@code null} for a name
 * @param name the registered name, or {@code null} for a pid
 */
record ClientTarget(Pid pid, Name name) {

    /**
     * @throws IllegalArgumentException when the text is neither a pid nor a valid name
     */
    static ClientTarget parse(String text) {
        try {
            if (text.startsWith("<")) {
                return new ClientTarget(Pid.parse(text), null);
            }
            if (text.indexOf('@') >= 0) {
                return new ClientTarget(Pid.parse("<" + text + ">"), null);
            }
            return new ClientTarget(null, Name.of(text));
        } catch (SporeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** @return a problem with addressing this target on {@code node}, or {@code null} when there is none */
    String mismatch(NodeName node) {
        if (pid != null && !pid.node().equals(node)) {
            return "--to " + pid + " is a process of " + pid.node() + ", not of --node " + node;
        }
        if (pid != null && pid.isNode()) {
            return "--to " + pid + " is the identity of node " + pid.node() + ", not a process";
        }
        return null;
    }

    void send(Node client, NodeName node, Object message) {
        if (pid != null) {
            client.send(pid, message);
        } else {
            client.send(name, node, message);
        }
    }

    Object call(Node client, NodeName node, Object request, Duration timeout) {
        return pid != null ? client.call(pid, request, timeout) : client.call(name, node, request, timeout);
    }

    @Override
    public String toString() {
        return pid != null ? pid.toString() : name.toString();
    }

    /** Picocli's converter for {@code --to}: a malformed target is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<ClientTarget> {
        @Override
        public ClientTarget convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
