package io.spore.distribution;

import io.spore.api.NodeName;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spore demo}: starts a node {@code demo@localhost} in this JVM with a temporary deploy folder, lets
 * {@link DemoStory} tell the story, stops the node and removes the folder. Needs no set-up.
 */
@Command(name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows Spore on one machine, with no set-up.",
        "Starts a node demo@localhost, deploys the example bundle, spawns echo, counter, logger and greeter, sends",
        "and calls, then removes the bundle and shows that its factories go and its processes end."
    })
final class DemoCommand implements Callable<Integer> {
    static final NodeName DEMO_NODE = NodeName.parse("demo@localhost");

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Log the framework's, FileInstall's and SCR's debug messages too.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (verbose) {
            OneLineLogging.verbose();
        }
        PrintWriter out = spec.commandLine().getOut();
        DistributionHome home = DistributionHome.locate();
        Path examples = home.examplesBundle();
        Path workDir = Files.createTempDirectory("spore-demo-");
        try {
            NodeConfig config = new NodeConfig()
                .name(DEMO_NODE)
                .deployDir(workDir.resolve("deploy"))
                .dataDir(workDir.resolve("data"))
                .verbose(verbose)
                .bundles(home.bundles());
            out.println("Starting node " + DEMO_NODE + " in this JVM, with the deploy folder "
                + workDir.resolve("deploy"));
            out.flush();
            try (EmbeddedNode embedded = EmbeddedNode.start(config)) {
                new DemoStory(embedded, examples, out).tell();
                out.println("Stopping the node.");
                out.flush();
            }
            out.println("node " + DEMO_NODE + " stopped; the demo is over.");
            out.flush();
            return 0;
        } finally {
            Folders.deleteTree(workDir);
        }
    }
}
