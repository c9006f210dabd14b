package io.spore.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.Node;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the commands through the real Gogo runtime, so its parsing, varargs handling and per-session
 * {@code System.out} are what the test sees, against a {@link FakeNode}.
 */
class SporeCommandsGogoTest {
    private final FakeNode fake = new FakeNode();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;
    private Node current = fake.node;

    @BeforeEach
    void startGogo() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        // Added by function name, as Gogo's whiteboard does from osgi.command.function: proves the list is right.
        SporeCommands commands = new SporeCommands(() -> current, () -> Map.of("lostInFlight", 3L));
        for (String function : SporeCommands.FUNCTIONS) {
            processor.addCommand(SporeCommands.SCOPE, commands, function);
        }
        for (boolean enable : new boolean[] {true, false}) {
            SpawnAccessCommand access = new SpawnAccessCommand(enable, () -> current);
            processor.addCommand(SporeCommands.SCOPE, access, access.name());
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), output, output);
    }

    @AfterEach
    void stopGogo() {
        session.close();
        processor.stop();
        threadIO.stop();
    }

    private String run(String commandLine) throws Exception {
        output.reset();
        session.execute(commandLine);
        System.out.flush();
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void spawnConvertsNumbersAndBooleansAndPrintsThePid() throws Exception {
        assertEquals("'" + FakeNode.SPAWNED + "'\n", run("spore:spawn echo 1 2"));
        run("spore:spawn echo");
        run("spore:spawn echo hello true -3 1.5 99999999999999999999");
        assertEquals(List.of(
            "spawn echo [Long:1, Long:2]",
            "spawn echo []",
            "spawn echo [String:hello, Boolean:true, Long:-3, String:1.5, String:99999999999999999999]"),
            fake.requests);
    }

    @Test
    void spawnFailurePrintsOneLineWithTheReason() throws Exception {
        assertEquals("spawn failed: no factory is registered as 'nope'; known: counter, echo\n",
            run("spore:spawn nope"));
        assertEquals("spawn failed: invalid name 'no!': character '!' at 2 is not allowed (use letters, digits"
            + " and _ - . / :)\n", run("spore:spawn no!"));
    }

    @Test
    void withoutANodeEveryCommandSaysSoInOneLine() throws Exception {
        current = null;
        for (String command : SporeCommands.FUNCTIONS) {
            // Each with the arguments it requires: Gogo itself rejects a call with too few.
            String arguments = switch (command) {
                case "spawn", "kill" -> " echo1";
                case "send", "call" -> " echo1 hi";
                default -> "";
            };
            String printed = run("spore:" + command + arguments);
            assertTrue(printed.startsWith(command + " failed: no Spore node is running"), printed);
            assertEquals(1, printed.lines().count(), printed);
        }
    }

    @Test
    void factoriesShowWhoMaySpawnEachNameRemotely() throws Exception {
        assertEquals("""
            NAME     REMOTE                   SPAWNED  DENIED
            counter  local only               0        0
            echo     allowed for a@localhost  3        1
            """, run("spore:factories"));
    }

    @Test
    void enableAndDisableSpawnChangeTheAccessListAndPrintTheNewState() throws Exception {
        assertEquals("echo: allowed for b@localhost, c@localhost\n",
            run("spore:enable-spawn echo b@localhost c@localhost"));
        assertEquals("echo: open to all nodes\n", run("spore:enable-spawn echo"));
        assertEquals("echo: disabled for remote spawn\n", run("spore:disable-spawn echo"));
        assertEquals(List.of("enableSpawn echo [b@localhost, c@localhost]", "enableSpawn echo []",
            "disableSpawn echo []"), fake.requests);
        assertEquals("disable-spawn failed: no factory is known under the spawn name 'nope'; known: [echo]\n",
            run("spore:disable-spawn nope"));
        assertEquals("enable-spawn failed: invalid node name 'nohost': expected name@host, for example"
            + " demo@localhost\n", run("spore:enable-spawn echo nohost"));
        assertTrue(run("spore:enable-spawn").startsWith("enable-spawn failed: usage: spore:enable-spawn NAME"));
    }

    @Test
    void psPrintsATable() throws Exception {
        assertEquals("""
            PID                     NAME   FACTORY  MAILBOX  STATE
            '<test@localhost.5.1>'  echo1  echo     0        WAITING
            """, run("spore:ps"));
    }

    @Test
    void sendJoinsTheWordsAndAcceptsNamesAndPids() throws Exception {
        assertEquals("", run("spore:send echo1 hello   world"));
        run("spore:send '<test@localhost.5.1>' hi");
        // Unquoted, Gogo would read '<' as a redirection: the bracket-less form is for typing.
        run("spore:send test@localhost.5.1 bare pid");
        assertEquals(List.of(
            "send echo1 hello world",
            "send <test@localhost.5.1> hi",
            "send <test@localhost.5.1> bare pid"), fake.requests);
        assertEquals("send failed: no message given: write it after the pid or name\n", run("spore:send echo1"));
    }

    /** Gogo reads a bare {@code <} as a redirection: whatever a command prints as a pid must survive a paste. */
    @Test
    void printedPidsPasteBackIntoCommands() throws Exception {
        String spawned = run("spore:spawn echo").strip();
        String listed = run("spore:ps").lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        String named = run("spore:names").lines().skip(1).findFirst().orElseThrow().split(" +")[1];
        fake.requests.clear();
        run("spore:send " + spawned + " one");
        run("spore:send " + listed + " two");
        run("spore:kill " + named);
        assertEquals(List.of(
            "send " + FakeNode.SPAWNED + " one",
            "send <test@localhost.5.1> two",
            "kill <test@localhost.5.1>"), fake.requests);
    }

    @Test
    void anImportantSendFailsInOneLineWhenThereIsNoSuchProcess() throws Exception {
        assertEquals("", run("spore:send --important echo1 are you there"));
        assertEquals("send failed: no process <test@localhost.9.1>\n",
            run("spore:send -i test@localhost.9.1 hi"));
        assertEquals(List.of(
            "important send " + FakeNode.ECHO + " are you there",
            "important send <test@localhost.9.1> hi"), fake.requests);
    }

    @Test
    void aDeliveryIdMakesTheSendImportant() throws Exception {
        assertEquals("", run("spore:send --delivery-id 42 echo1 once only"));
        assertEquals("", run("spore:send -i -d -7 test@localhost.5.1 again"));
        assertEquals("", run("spore:send --delivery-id 0 echo1 no id"));
        assertEquals(List.of(
            "important send " + FakeNode.ECHO + " once only id 42",
            "important send " + FakeNode.ECHO + " again id -7",
            "send echo1 no id"), fake.requests);
    }

    @Test
    void callPrintsTheReplyAndWaitsFiveSeconds() throws Exception {
        assertEquals("reply to get it\n", run("spore:call echo1 get it"));
        assertEquals(List.of("call echo1 get it PT5S"), fake.requests);
    }

    @Test
    void killSaysWhetherTheProcessWasAlive() throws Exception {
        assertEquals("killed '<test@localhost.5.1>'\n", run("spore:kill echo1"));
        assertEquals("'<test@localhost.9.1>' was not alive\n", run("spore:kill test@localhost.9.1"));
        assertEquals("kill failed: no process is registered as 'ghost' (spore:names lists the registered names)\n",
            run("spore:kill ghost"));
    }

    @Test
    void namesAndStatsPrintTables() throws Exception {
        assertEquals("NAME   PID\necho1  '<test@localhost.5.1>'\n", run("spore:names"));
        String stats = run("spore:stats");
        // Column widths follow the longest field name, so match the spacing loosely.
        assertTrue(stats.matches("(?s)node +test@localhost\nprocesses +1\n.*"), stats);
        assertTrue(stats.matches("(?s).*\ncallTimeouts +9\nremoteSpawned +0\nremoteSpawnDenied +0\n"
            + "transport.lostInFlight +3\n"), stats);
        assertFalse(stats.contains("Exception"), stats);
    }
}
