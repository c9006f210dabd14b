package io.spore.transport.naming;

import io.spore.api.SporeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.spore.testsupport.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several nodes of one host, as registrars in one JVM, sharing a name service port of the test's own. */
@Timeout(60)
class RegistrarTest {
    private NameServiceConfig config;
    private final List<Registrar> started = new ArrayList<>();

    @BeforeEach
    void choosePort() {
        config = new NameServiceConfig("127.0.0.1", FreePort.find(), Duration.ofSeconds(2));
    }

    @AfterEach
    void closeAll() {
        started.forEach(Registrar::close);
    }

    private Registrar start(String name, int udpPort) {
        Registrar registrar = Registrar.start(config, LineClient.COOKIE, name, udpPort);
        started.add(registrar);
        return registrar;
    }

    @Test
    void theFirstNodeServesAndEveryNodeRegistersAndLooksUp() {
        Registrar a = start("a", 41001);
        Registrar b = start("b", 41002);
        Registrar c = start("c", 41003);

        assertTrue(a.isServing(), "the first node on the host serves");
        assertFalse(b.isServing() || c.isServing());
        assertEquals(OptionalInt.of(41003), a.lookup("c"));
        assertEquals(OptionalInt.of(41001), c.lookup("a"));
        assertEquals(Map.of("a", 41001, "b", 41002, "c", 41003),
            NameServiceClient.names("127.0.0.1", config.port(), LineClient.COOKIE, config.timeout()));
    }

    @Test
    void anUnknownNameIsAnEmptyAnswer() {
        Registrar a = start("a", 41001);
        assertEquals(OptionalInt.empty(), a.lookup("nobody"));
        SporeException e = assertThrows(SporeException.class, () -> a.lookup("not a name"));
        assertEquals(SporeException.Reason.INVALID_NAME, e.reason());
    }

    @Test
    void whenTheServingNodeLeavesAnotherTakesOverAndEveryoneRegistersAgain() {
        Registrar a = start("a", 41001);
        Registrar b = start("b", 41002);
        Registrar c = start("c", 41003);
        Registrar d = start("d", 41004);
        assertTrue(a.isServing());

        a.close();

        List<Registrar> rest = List.of(b, c, d);
        until("one of the others serves and all registered again", () ->
            rest.stream().filter(Registrar::isServing).count() == 1
                && rest.stream().allMatch(r -> r.isRegistered() && r.registrations() == 2));
        assertEquals(Map.of("b", 41002, "c", 41003, "d", 41004),
            NameServiceClient.names("127.0.0.1", config.port(), LineClient.COOKIE, config.timeout()));
        assertEquals(OptionalInt.empty(), b.lookup("a"), "the node that left is gone");

        // And once more: the new server leaves too.
        Registrar second = rest.stream().filter(Registrar::isServing).findFirst().orElseThrow();
        second.close();
        List<Registrar> last = rest.stream().filter(r -> r != second).toList();
        until("a third node serves", () -> last.stream().filter(Registrar::isServing).count() == 1
            && last.stream().allMatch(r -> r.isRegistered() && r.registrations() == 3));
        assertEquals(2,
            NameServiceClient.names("127.0.0.1", config.port(), LineClient.COOKIE, config.timeout()).size());
    }

    @Test
    void aNodeMovedToAnotherPortRegistersAgain() {
        Registrar a = start("a", 41001);
        Registrar b = start("b", 41002);
        b.register(41012);
        assertEquals(OptionalInt.of(41012), a.lookup("b"));
        assertThrows(SporeException.class, () -> b.register(0));
    }

    @Test
    void aSecondNodeOfTheSameNameIsRefused() {
        start("a", 41001);
        SporeException e = assertThrows(SporeException.class, () -> start("a", 41009));
        assertEquals(SporeException.Reason.NAME_TAKEN, e.reason());
        assertTrue(e.getMessage().contains("a node named a already runs on this host"), e.getMessage());
    }

    @Test
    void aPortHeldBySomethingElseIsReportedClearly() throws IOException {
        // Something that accepts connections and never answers: registering must give up and say why.
        try (ServerSocket silent = new ServerSocket(config.port(), 50, InetAddress.getLoopbackAddress())) {
            NameServiceConfig quick = new NameServiceConfig("127.0.0.1", silent.getLocalPort(),
                Duration.ofMillis(300));
            SporeException e = assertThrows(SporeException.class,
                () -> Registrar.start(quick, LineClient.COOKIE, "a", 41001));
            assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
            assertTrue(e.getMessage().contains("is another program using that port"), e.getMessage());
        }
    }
}
