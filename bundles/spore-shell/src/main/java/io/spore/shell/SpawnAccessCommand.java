package io.spore.shell;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SpawnAccess;
import io.spore.api.SporeException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * {@code spore:enable-spawn NAME [NODES…]} and {@code spore:disable-spawn NAME [NODES…]}: change who may spawn a
 * factory of this node from other nodes (the rules are {@link Network}'s), then print the name's new state on one
 * line. Gogo maps a command name to a method name, and a method cannot be called {@code enable-spawn}, so each
 * command is its own {@link Function}.
 *
 * <p>Never throws: a failure prints {@code <command> failed: <reason>} on one line, as the other commands do.
 */
final class SpawnAccessCommand implements Function {
    /** The command names. */
    static final String ENABLE = "enable-spawn";
    static final String DISABLE = "disable-spawn";

    private final boolean enable;
    private final Supplier<Node> node;

    SpawnAccessCommand(boolean enable, Supplier<Node> node) {
        this.enable = enable;
        this.node = node;
    }

    String name() {
        return enable ? ENABLE : DISABLE;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        PrintStream out = System.out;
        Node current = node.get();
        if (current == null) {
            out.println(name() + " failed: no Spore node is running in this framework"
                + " (no io.spore.api.Node service; check with lb that io.spore.core is active)");
            return null;
        }
        try {
            if (arguments.isEmpty()) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "usage: spore:" + name()
                    + " NAME [NODE@HOST ...] (see spore:factories for the names)");
            }
            Name name = Name.of(String.valueOf(arguments.get(0)));
            NodeName[] nodes = new NodeName[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                nodes[i - 1] = NodeName.parse(String.valueOf(arguments.get(i)));
            }
            Network network = current.network();
            if (enable) {
                network.enableSpawn(name, nodes);
            } else {
                network.disableSpawn(name, nodes);
            }
            out.println(network.spawnAccess(name).map(SpawnAccessCommand::describe)
                .orElse(name + ": no longer known"));
        } catch (SporeException e) {
            out.println(name() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            out.println(name() + " failed: " + e);
        }
        return null;
    }

    /** {@code echo: allowed for a@host, b@host} / {@code open to all nodes} / {@code disabled for remote spawn}. */
    static String describe(SpawnAccess access) {
        return access.name() + ": " + state(access);
    }

    static String state(SpawnAccess access) {
        if (!access.enabled()) {
            return "disabled for remote spawn";
        }
        if (access.openToAll()) {
            return "open to all nodes";
        }
        return "allowed for " + String.join(", ", access.allowedNodes().stream().map(NodeName::toString).toList());
    }
}
