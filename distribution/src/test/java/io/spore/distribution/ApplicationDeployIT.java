package io.spore.distribution;

import io.spore.distribution.appbundle.AppActivator;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node process, {@code bin/spore node}, with an application bundle dropped into its deploy folder: the
 * application's tree starts (each worker carrying the application's name and environment), and removing the jar
 * stops the tree in reverse start order before the bundle's activator stops; the node runs on.
 */
@Timeout(180)
class ApplicationDeployIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private SporeProcess spore;

    @AfterEach
    void stopNode() {
        if (spore != null) {
            spore.close();
        }
    }

    @Test
    void anApplicationDroppedIntoDeployStartsItsTreeAndRemovingItStopsItInReverseOrder() throws Exception {
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        spore = SporeProcess.start(tmp, "node", "--name", "apps@localhost", "--deploy", deploy.toString(),
            "--cookie-file", Cluster.writeCookie(tmp.resolve("cookie")).toString(),
            "--name-service-port", Integer.toString(FreePorts.tcp()), "--state-dir", tmp.resolve("state").toString());
        spore.awaitOutput("node apps@localhost up (creation ", 0, STARTUP);

        Path jar = TestBundleJar.buildApplication(tmp.resolve("application.jar"));
        int beforeStart = spore.mark();
        Files.copy(jar, deploy.resolve("application.jar"));
        spore.awaitOutput("application " + AppActivator.APPLICATION + " started", beforeStart, DEADLINE);
        assertInOrder(spore.output().substring(beforeStart),
            "app worker first started app=" + AppActivator.APPLICATION + " shift=night",
            "app worker second started app=" + AppActivator.APPLICATION + " shift=night",
            "app worker third started app=" + AppActivator.APPLICATION + " shift=night",
            "application " + AppActivator.APPLICATION + " started (transient, bundle " + AppActivator.BSN);

        int beforeStop = spore.mark();
        Files.delete(deploy.resolve("application.jar"));
        spore.awaitOutput("app activator stopped", beforeStop, DEADLINE);
        assertInOrder(spore.output().substring(beforeStop),
            "app worker third stopped (shutdown)", "app worker second stopped (shutdown)",
            "app worker first stopped (shutdown)", "application " + AppActivator.APPLICATION + " stopped",
            "app activator stopped");
        assertTrue(spore.isAlive(), "the node runs on: " + spore.output());
    }

    @Test
    void aPermanentApplicationWhoseRootGivesUpStopsTheNodeWithANonZeroStatus() throws Exception {
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Files.copy(TestBundleJar.buildApplication(tmp.resolve("crashing.jar"), AppActivator.CRASHING_HEADER),
            deploy.resolve("crashing.jar"));
        spore = SporeProcess.start(tmp, "node", "--name", "vital@localhost", "--deploy", deploy.toString(),
            "--cookie-file", Cluster.writeCookie(tmp.resolve("cookie")).toString(),
            "--name-service-port", Integer.toString(FreePorts.tcp()), "--state-dir", tmp.resolve("state").toString());
        int status = spore.awaitExit(STARTUP);
        String output = spore.output();
        assertTrue(status != 0, "a non-zero status, was " + status + ":\n" + output);
        assertInOrder(output, "application " + AppActivator.APPLICATION + " started (permanent",
            "supervisor gives up", "application " + AppActivator.APPLICATION + " (permanent, bundle "
                + AppActivator.BSN, "its root supervisor exited with reason shutdown; stopping node",
            "node vital@localhost stopped because it failed: application " + AppActivator.APPLICATION);
    }

    /** Each of {@code expected} occurs in {@code output}, after the one before it. */
    private static void assertInOrder(String output, String... expected) {
        int from = 0;
        for (String line : List.of(expected)) {
            int at = output.indexOf(line, from);
            assertTrue(at >= 0, "'" + line + "' after position " + from + " in:\n" + output);
            from = at + line.length();
        }
    }
}
