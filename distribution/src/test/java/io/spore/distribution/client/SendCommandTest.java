package io.spore.distribution.client;

import io.spore.api.Node;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code spore send}'s options become a send on the client node, against a node that records what it is asked. */
class SendCommandTest {
    private static final String PID = "<demo@localhost.42.7>";

    private final List<String> sends = new ArrayList<>();
    private final Node client = (Node) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Node.class},
        (proxy, method, args) -> {
            switch (method.getName()) {
                case "send" -> sends.add(args[0] + " " + args[1] + (args.length > 2 ? " " + args[2] : ""));
                case "awaitDelivery" -> sends.add("awaited " + args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            }
            return null;
        });

    private void run(String... args) {
        SendCommand command = new SendCommand();
        new CommandLine(command).parseArgs(args);
        command.run(client, new PrintWriter(new StringWriter()));
    }

    @Test
    void aDeliveryIdMakesAnImportantSendThatCarriesIt() {
        run("--node", "demo@localhost", "--to", PID, "--delivery-id", "1733250000123456789", "hello", "there");
        run("--node", "demo@localhost", "--to", PID, "--important", "--delivery-id", "-5", "again");
        assertEquals(List.of(
            PID + " hello there " + SendOptions.IMPORTANT.withDeliveryId(1733250000123456789L),
            PID + " again " + SendOptions.IMPORTANT.withDeliveryId(-5)), sends);
    }

    @Test
    void withoutAnIdTheSendsAreAsBefore() {
        run("--node", "demo@localhost", "--to", PID, "--important", "confirmed");
        run("--node", "demo@localhost", "--to", PID, "plain");
        assertEquals(List.of(PID + " confirmed " + SendOptions.IMPORTANT, PID + " plain", "awaited demo@localhost"),
            sends);
    }

    @Test
    void aDeliveryIdNeedsAPid() {
        SporeException refused = assertThrows(SporeException.class,
            () -> run("--node", "demo@localhost", "--to", "inbox", "--delivery-id", "3", "hello"));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, refused.reason());
        assertTrue(refused.getMessage().startsWith("--delivery-id needs --to a pid"), refused.getMessage());
        assertEquals(List.of(), sends);
    }

    @Test
    void theHelpExplainsTheOption() {
        String help = new CommandLine(new SendCommand()).getUsageMessage();
        assertTrue(help.contains("--delivery-id=ID"), help);
        assertTrue(help.contains("at most once"), help);
    }
}
