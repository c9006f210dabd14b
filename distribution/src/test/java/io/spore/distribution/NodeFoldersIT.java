package io.spore.distribution;

import io.spore.api.host.PrivateFiles;
import io.spore.distribution.markerbundle.MarkerActivator;
import io.spore.testsupport.AnotherUser;
import io.spore.testsupport.FreePorts;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's deploy and state folders, with real {@code bin/spore node} processes: where they are by default and how
 * they are made, and the refusal of folders another user owns or can write, before any bundle in them runs or any
 * file in them is read.
 */
class NodeFoldersIT {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void defaultFoldersAreMadeOwnerOnlyInTheSporeHomeAndNothingInTheWorkingDirectory() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (SporeProcess node = SporeProcess.startWithHome(work, home, options("folders@localhost"))) {
            node.awaitOutput(" up (creation ", 0, STARTUP);
            Path nodeDir = home.resolve(".spore").resolve("nodes").resolve("folders@localhost");
            Path deploy = nodeDir.resolve("deploy");
            assertTrue(node.output().contains("; deploy folder " + deploy + ";"), node.output());
            for (Path made : List.of(home.resolve(".spore"), nodeDir.getParent(), nodeDir, deploy,
                nodeDir.resolve("state"))) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)),
                    made.toString());
            }
            try (Stream<Path> left = Files.list(work)) {
                assertEquals(List.of(), left.toList(), "the working directory is no node's folder any more");
            }

            // And it is the folder the node watches: a bundle dropped there starts.
            int from = node.mark();
            TestBundleJar.buildMarker(deploy.resolve("marker.jar"));
            node.awaitOutput(MarkerActivator.STARTED, from, STARTUP);
        }
    }

    @Test
    void aDeployFolderAnotherUserOwnsIsRefusedBeforeItsBundlesRun() throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(PrivateFiles.uid(Path.of("/proc/self"))),
            "skipped: giving a folder to another user needs root");
        // What another user leaves in a shared place: a folder of its own, readable by all, with a bundle in it.
        Path deploy = Files.createDirectories(tmp.resolve("shared").resolve("deploy"));
        Path marker = TestBundleJar.buildMarker(deploy.resolve("marker.jar"));
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName(AnotherUser.NAME);
        for (Path path : List.of(marker, deploy)) {
            Files.setOwner(path, nobody);
        }
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> args = new ArrayList<>(List.of(options("victim@localhost")));
        args.addAll(List.of("--deploy", deploy.toString(), "--state-dir", tmp.resolve("state").toString()));
        String line = refusal(args);
        assertTrue(line.startsWith("spore node: deploy folder " + deploy + " belongs to another user (uid "), line);
        assertTrue(line.contains("chown -R 0 " + deploy), line);
        assertTrue(Files.exists(marker), "the folder is left as it was");
    }

    @Test
    void aStateFolderTheGroupCanWriteIsRefusedBeforeItsFilesAreRead() throws Exception {
        // Passwords and access levels someone else wrote: owner-only files, but in a folder the group can write.
        Path state = Files.createDirectory(tmp.resolve("state"));
        Path passwords = Files.writeString(state.resolve("jmx.password"), "controlRole planted\n");
        Path access = Files.writeString(state.resolve("jmx.access"), "controlRole readwrite\n");
        for (Path file : List.of(passwords, access)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path deploy = Files.createDirectory(tmp.resolve("deploy"));
        TestBundleJar.buildMarker(deploy.resolve("marker.jar"));

        // A relative folder, as before: resolved against the working directory.
        List<String> args = new ArrayList<>(List.of(options("victim@localhost")));
        args.addAll(List.of("--deploy", deploy.toString(), "--state-dir", "state",
            "--jmx-port", Integer.toString(FreePorts.tcp())));
        String line = refusal(args);
        assertEquals("spore node: state folder " + state + " can be written by group or others (mode 0775): run"
            + " chmod 700 " + state + ", and check what is in it", line);
        assertEquals("controlRole planted\n", Files.readString(passwords), "the planted files are left as they were");
    }

    /**
     * Runs the node in {@link #tmp}, which must refuse to start.
     *
     * @return the one line it printed
     */
    private String refusal(List<String> args) throws Exception {
        try (SporeProcess node = SporeProcess.start(tmp, args.toArray(String[]::new))) {
            node.closeInput();
            assertEquals(1, node.awaitExit(STARTUP), node.output());
            String output = node.output().strip();
            assertEquals(1, output.lines().count(), output);
            assertFalse(output.contains(MarkerActivator.STARTED), "no bundle of the folder ran: " + output);
            return output;
        }
    }

    /** @return {@code node --name NAME} with a cookie and a name service of this test's own */
    private String[] options(String name) throws Exception {
        return new String[] {"node", "--name", name,
            "--cookie-file", Cluster.writeCookie(tmp.resolve("cookie-" + name)).toString(),
            "--name-service-port", Integer.toString(FreePorts.tcp())};
    }
}
