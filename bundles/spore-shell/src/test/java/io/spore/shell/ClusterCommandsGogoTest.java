package io.spore.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.cluster.ClusterMember;
import io.spore.api.cluster.GlobalName;
import io.spore.api.cluster.GroupName;
import io.spore.core.NodeContext;
import io.spore.core.SporeNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spore:members}, {@code spore:globals} and {@code spore:groups} through the real Gogo runtime, against a
 * real node: first without a registry (one line saying so), then with a registry whose view is fixed.
 */
class ClusterCommandsGogoTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;
    private SporeNode node;

    @BeforeEach
    void start() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("shell@localhost")).workerThreads(2));
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        ClusterCommands commands = new ClusterCommands(() -> node);
        for (String function : ClusterCommands.FUNCTIONS) {
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
    void withoutARegistryEachCommandSaysSoInOneLine() throws Exception {
        for (String command : List.of("members", "globals", "groups")) {
            String out = run("spore:" + command);
            assertEquals(1, out.lines().count(), out);
            assertTrue(out.startsWith(command + " failed: "), out);
        }
    }

    @Test
    void theViewOfTheRegistryIsPrintedAsTables() throws Exception {
        NodeName peer = NodeName.parse("peer@localhost");
        Pid billing = new Pid(peer, 7, 1);
        Pid local = node.spawn((io.spore.api.ProcessFactory) () -> (context, from, message) -> { },
            ProcessOptions.DEFAULTS);
        node.attachRegistry(new FixedClusterRegistry(
            List.of(new ClusterMember(node.name(), node.creation(), Set.of()),
                new ClusterMember(peer, 3, Set.of(Name.of("worker"), Name.of("echo")))),
            Map.of(GlobalName.of("billing"), billing),
            Map.of(GroupName.of("workers"), Set.of(billing, local))));

        List<String> members = run("spore:members").lines().toList();
        assertTrue(Pattern.matches("NODE +CREATION +CONNECTED +SPAWN-NAMES", members.get(0)), members.toString());
        assertTrue(Pattern.matches("peer@localhost +3 +no +echo,worker", members.get(1)), members.toString());
        assertTrue(Pattern.matches("shell@localhost +-?\\d+ +self +-", members.get(2)), members.toString());

        List<String> globals = run("spore:globals").lines().toList();
        assertTrue(Pattern.matches("billing +'" + Pattern.quote(billing.toString()) + "'", globals.get(1)),
            globals.toString());

        List<String> groups = run("spore:groups").lines().toList();
        assertTrue(Pattern.matches("GROUP +MEMBERS +LOCAL", groups.get(0)), groups.toString());
        assertTrue(Pattern.matches("workers +2 +1", groups.get(1)), groups.toString());
        String workers = run("spore:groups workers");
        assertEquals(2, workers.lines().count(), workers);
        assertTrue(workers.contains(billing.toString()) && workers.contains(local.toString()), workers);
        assertTrue(run("spore:groups idle").startsWith("group idle has no members"));
    }
}
