package io.spore.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.ExitReason;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.ChildType;
import io.spore.api.supervisor.Restart;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import io.spore.core.application.Application;
import io.spore.core.application.ApplicationTable;
import io.spore.core.spi.Applications;
import io.spore.core.spi.StartType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spore:apps} and {@code spore:tree} through the real Gogo runtime, against a real node running a real
 * application (master, root supervisor, a nested supervisor) and one that failed to start.
 */
class ApplicationCommandsGogoTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;
    private SporeNode node;
    private Applications current;
    private Pid root;

    @BeforeEach
    void start() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("shell@localhost")).workerThreads(2));
        ApplicationTable table = new ApplicationTable(node);
        SupervisorSpec sub = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(ChildSpec.of("c", Idle::new));
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(ChildSpec.of("a", Idle::new))
            .withChild(ChildSpec.of("b", Idle::new).withRestart(Restart.TRANSIENT))
            .withChild(ChildSpec.of("sub", Supervisors.factory(sub)).withType(ChildType.SUPERVISOR));
        Application shop = new Application("shop", "com.example.shop 1.0.0 [7]", StartType.PERMANENT, Map.of(),
            () -> spec, why -> { });
        table.add(shop);
        shop.start(node, Duration.ofSeconds(1));
        Application broken = new Application("broken", "com.example.broken 1.0.0 [8]", StartType.TEMPORARY,
            Map.of(), () -> SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.of("x", io.spore.api.Name.of("nowhere"))), why -> { });
        table.add(broken);
        broken.start(node, Duration.ofMillis(50));
        current = table;
        root = table.application("shop").orElseThrow().root();

        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        ApplicationCommands commands = new ApplicationCommands(() -> current);
        for (String function : ApplicationCommands.FUNCTIONS) {
            processor.addCommand(SporeCommands.SCOPE, commands, function);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), output, output);
    }

    @AfterEach
    void stop() {
        session.close();
        processor.stop();
        threadIO.stop();
        node.close();
    }

    private String run(String commandLine) throws Exception {
        output.reset();
        session.execute(commandLine);
        System.out.flush();
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void appsListsEachApplicationWithItsStateAndWhyOneFailed() throws Exception {
        String apps = run("spore:apps");
        List<String> lines = apps.lines().toList();
        assertEquals(3, lines.size(), apps);
        assertTrue(Pattern.matches("NAME +STATE +START-TYPE +ROOT +BUNDLE +DETAIL", lines.get(0)), apps);
        assertTrue(lines.get(1).startsWith("broken") && lines.get(1).contains("FAILED")
            && lines.get(1).contains("temporary") && lines.get(1).contains("nowhere"), apps);
        assertTrue(Pattern.matches("shop +RUNNING +permanent +'" + Pattern.quote(root.toString())
            + "' +com\\.example\\.shop 1\\.0\\.0 \\[7] +-", lines.get(2)), apps);
    }

    @Test
    void treeShowsTheChildrenIndentedWithTheirRestartsAndLastExit() throws Exception {
        List<ChildStatus> children = Supervisors.describeChildren(node, root);
        Pid a = children.get(0).pid();
        Pid sub = children.get(2).pid();
        node.exit(a, ExitReason.other("enough"));
        io.spore.testsupport.Await.until("a restarted",
            () -> Supervisors.describeChildren(node, root).get(0).restarts() == 1);
        Pid aNow = Supervisors.describeChildren(node, root).get(0).pid();
        Supervisors.terminateChild(node, root, "b");

        String tree = run("spore:tree shop");
        List<String> lines = tree.lines().toList();
        assertEquals("shop (permanent) '" + root + "'", lines.get(0), tree);
        assertTrue(Pattern.matches("  a +'" + Pattern.quote(aNow.toString())
            + "' +worker +permanent +restarts 1 +last exit enough", lines.get(1)), tree);
        assertTrue(Pattern.matches("  b +not running +worker +transient +restarts 0 +last exit shutdown",
            lines.get(2)), tree);
        assertTrue(lines.get(3).startsWith("  sub ") && lines.get(3).contains("supervisor"), tree);
        assertTrue(lines.get(4).startsWith("    c ") && lines.get(4).contains("last exit -"), tree);
        assertEquals(5, lines.size(), tree);

        assertEquals(tree, run("spore:tree"), "without an argument: every running application");
        String bySub = run("spore:tree " + sub.toString().substring(1, sub.toString().length() - 1));
        assertEquals("supervisor '" + sub + "'", bySub.lines().findFirst().orElseThrow(), bySub);
        assertTrue(bySub.lines().skip(1).findFirst().orElseThrow().startsWith("  c "), bySub);
    }

    @Test
    void failuresAreOneLine() throws Exception {
        String broken = run("spore:tree broken");
        assertTrue(broken.startsWith("tree failed: application broken is FAILED: its root supervisor could not"
            + " start: ") && broken.contains("nowhere") && broken.lines().count() == 1, broken);
        assertTrue(run("spore:tree nope").startsWith("tree failed: 'nope' is neither an application ([broken,"
            + " shop]) nor a pid"), output.toString());
        current = null;
        assertEquals("apps failed: no Spore node is running in this framework (no Applications service; check with"
            + " lb that io.spore.core is active)\n", run("spore:apps"));
    }

    /** Waits for messages it ignores; ends on an exit signal as any process that does not trap them. */
    private static final class Idle implements ProcessBehavior {
        @Override
        public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        }
    }
}
