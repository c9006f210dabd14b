package io.spore.shell;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.SpawnAccess;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.NodeStats;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;
import io.spore.api.ProcessState;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node for the shell's unit test only: it records what the commands asked of it and answers from fixed data.
 * Only the methods the commands use are implemented.
 */
final class FakeNode {
    static final NodeName NAME = NodeName.parse("test@localhost");
    static final Pid ECHO = new Pid(NAME, 5, 1);
    static final Pid SPAWNED = new Pid(NAME, 6, 1);

    /** One line per request: the method name and its arguments, with spawn arguments' types. */
    final List<String> requests = new ArrayList<>();

    final Node node = (Node) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Node.class},
        (proxy, method, args) -> handle(method.getName(), args == null ? new Object[0] : args));

    /** The access state the network fake keeps: echo starts listed for one node, counter is local only. */
    SpawnAccess echoAccess = new SpawnAccess(Name.of("echo"), "io.spore.examples", true, false,
        Set.of(NodeName.parse("a@localhost")), 3, 1);

    final Network network = (Network) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> network(method.getName(),
            args == null ? new Object[0] : args));

    private Object network(String method, Object[] args) {
        switch (method) {
            case "spawnAccess":
                if (args.length == 0) {
                    return List.of(echoAccess);
                }
                return Name.of("echo").equals(args[0]) ? Optional.of(echoAccess) : Optional.empty();
            case "enableSpawn":
            case "disableSpawn":
                NodeName[] nodes = (NodeName[]) args[args.length - 1];
                requests.add(method + " " + args[0] + " " + Arrays.toString(nodes));
                if (!Name.of("echo").equals(args[0])) {
                    throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY,
                        "no factory is known under the spawn name '" + args[0] + "'; known: [echo]");
                }
                boolean enable = method.equals("enableSpawn");
                echoAccess = new SpawnAccess(echoAccess.name(), echoAccess.provider(),
                    enable || nodes.length > 0, nodes.length == 0 && enable, enable ? Set.of(nodes) : Set.of(),
                    echoAccess.spawned(), echoAccess.denied());
                return null;
            default:
                throw new UnsupportedOperationException("FakeNode's network does not do " + method);
        }
    }

    private Object handle(String method, Object[] args) {
        switch (method) {
            case "name":
                return NAME;
            case "factories":
                return new TreeSet<>(Set.of(Name.of("echo"), Name.of("counter")));
            case "spawn":
                Name factory = (Name) args[0];
                Object[] spawnArgs = (Object[]) args[2];
                requests.add("spawn " + factory + " " + Arrays.stream(spawnArgs)
                    .map(a -> a.getClass().getSimpleName() + ":" + a).toList());
                if (!factory.value().equals("echo")) {
                    throw new SporeException(SporeException.Reason.UNKNOWN_FACTORY,
                        "no factory is registered as '" + factory + "'; known: counter, echo");
                }
                return SPAWNED;
            case "processes":
                return List.of(new ProcessInfo(ECHO, Name.of("echo1"), Name.of("echo"), null, null, 0,
                    ProcessState.WAITING));
            case "send":
                if (args.length > 2 && ((SendOptions) args[2]).important()) {
                    long id = ((SendOptions) args[2]).deliveryId();
                    requests.add("important send " + args[0] + " " + args[1] + (id == 0 ? "" : " id " + id));
                    if (!ECHO.equals(args[0])) {
                        throw new SporeException(SporeException.Reason.NO_PROCESS, "no process " + args[0]);
                    }
                    return null;
                }
                requests.add("send " + args[0] + " " + args[1]);
                return null;
            case "call":
                requests.add("call " + args[0] + " " + args[1] + " " + args[2]);
                return "reply to " + args[1];
            case "kill":
                requests.add("kill " + args[0]);
                return ECHO.equals(args[0]);
            case "registeredNames":
                return new TreeSet<>(Set.of(Name.of("echo1")));
            case "whereis":
                return Name.of("echo1").equals(args[0]) ? Optional.of(ECHO) : Optional.empty();
            case "stats":
                return new NodeStats(1, 2, 3, 4, 5, 6, 7, 8, 9);
            case "network":
                return network;
            default:
                throw new UnsupportedOperationException("FakeNode does not do " + method);
        }
    }
}
