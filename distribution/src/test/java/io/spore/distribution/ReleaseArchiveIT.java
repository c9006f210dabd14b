package io.spore.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The release archive as a user meets it: {@code spore-VERSION.tar.gz} from the build, unpacked with tar into an
 * empty folder outside the checkout, holds the same tree as {@code target/spore}; its {@code bin/spore demo} runs to
 * the end, {@code bin/spore completion bash} prints a script bash accepts and that completes, and the systemd units
 * it ships are valid (checked by {@code systemd-analyze verify} where systemd is installed; never installed or
 * started).
 */
@Timeout(300)
class ReleaseArchiveIT {
    private static final Duration DEMO = Duration.ofSeconds(120);
    private static final String NODE_UNIT = "spore-node@.service";
    private static final String LAUNCH_UNIT = "spore-launch.service";

    @TempDir
    static Path unpacked;

    /** The unpacked distribution, {@code spore-VERSION/}. */
    private static Path root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = archive();
        Run tar = run(unpacked, "tar", "-xzf", archive.toString(), "-C", unpacked.toString());
        assertEquals(0, tar.status(), tar.output());
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> folders = top.toList();
            assertEquals(1, folders.size(), "one top folder in the archive: " + folders);
            root = folders.get(0);
        }
        String name = archive.getFileName().toString();
        assertEquals(name.substring(0, name.length() - ".tar.gz".length()), root.getFileName().toString());
    }

    /** @return the archive the build made, which failsafe names in {@code spore.archive} */
    private static Path archive() {
        String property = System.getProperty("spore.archive");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            fail("no release archive at " + property + ": run mvn verify (the package phase makes it)");
        }
        return Path.of(property);
    }

    @Test
    void holdsTheAssembledTreeWithTheScriptsExecutable() throws Exception {
        Path assembled = TestDistribution.home().root();
        assertEquals(files(assembled), files(root), "the archive holds target/spore");
        for (String expected : List.of("bin/spore", "README.md", "share/systemd/" + NODE_UNIT,
            "share/systemd/" + LAUNCH_UNIT)) {
            assertTrue(Files.isRegularFile(root.resolve(expected)), expected);
        }
        for (String folder : List.of("lib", "bundle", "examples")) {
            try (Stream<Path> jars = Files.list(root.resolve(folder))) {
                assertTrue(jars.anyMatch(p -> p.toString().endsWith(".jar")), folder + " holds jars");
            }
        }
        Set<PosixFilePermission> script = Files.getPosixFilePermissions(root.resolve("bin/spore"));
        assertTrue(script.containsAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE)), "bin/spore is executable: " + script);
    }

    @Test
    void theDemoRunsFromTheUnpackedArchive() throws Exception {
        try (SporeProcess demo = SporeProcess.start(script(), tmp, List.of(), "demo")) {
            demo.closeInput();
            assertEquals(0, demo.awaitExit(DEMO), demo.output());
            String output = demo.output();
            for (String expected : List.of("node demo@localhost up (creation ",
                "\"hello across nodes\" -> hello across nodes", "node demo@localhost stopped")) {
                assertTrue(output.contains(expected), "missing '" + expected + "' in:\n" + output);
            }
        }
    }

    @Test
    void completionPrintsABashScriptThatCompletesCommandsAndOptions() throws Exception {
        SporeRun completion = SporeRun.run(script(), tmp, List.of(), "completion", "bash");
        assertEquals(0, completion.status(), completion.output());
        Path script = Files.writeString(tmp.resolve("spore.bash"), completion.output());
        Run syntax = run(tmp, "bash", "-n", script.toString());
        assertEquals(0, syntax.status(), "bash -n: " + syntax.output());

        assertEquals(List.of("node"), complete(script, "spore", "no"));
        List<String> options = complete(script, "spore", "node", "--name");
        assertTrue(options.containsAll(List.of("--name", "--name-service-port")), options.toString());
        assertTrue(complete(script, "spore", "completion", "").contains("bash"));

        SporeRun zsh = SporeRun.run(script(), tmp, List.of(), "completion", "zsh");
        assertEquals(2, zsh.status(), zsh.output());
    }

    @Test
    void theSystemdUnitsAreValid() throws Exception {
        Map<String, Map<String, List<String>>> node = unit(NODE_UNIT);
        assertEquals(List.of("/opt/spore/bin/spore node --name %i $SPORE_OPTS"), node.get("Service").get("ExecStart"));
        assertEquals(List.of("spore"), node.get("Service").get("User"));
        for (String[] setting : new String[][] {{"NoNewPrivileges", "yes"}, {"ProtectSystem", "strict"},
            {"ProtectHome", "yes"}, {"StateDirectory", "spore"}, {"SuccessExitStatus", "143"}}) {
            assertEquals(List.of(setting[1]), node.get("Service").get(setting[0]), setting[0]);
        }
        // Aeron's buffers live in /dev/shm, shared by the nodes of a host: neither hidden nor removed at stop.
        assertFalse(node.get("Service").containsKey("PrivateDevices"));
        assertFalse(node.get("Service").containsKey("RemoveIPC"));
        assertFalse(node.get("Service").containsKey("MemoryDenyWriteExecute"), "the JIT writes code");
        assertEquals(List.of("multi-user.target"), node.get("Install").get("WantedBy"));

        Map<String, Map<String, List<String>>> launch = unit(LAUNCH_UNIT);
        assertEquals(List.of("/opt/spore/bin/spore launch serve"), launch.get("Service").get("ExecStart"));
        assertFalse(launch.get("Service").containsKey("User"), "a user unit runs as its user");
        assertEquals(List.of("default.target"), launch.get("Install").get("WantedBy"));

        if (onPath("systemd-analyze")) {
            // verify wants ExecStart's program to exist: point the units at this unpacked archive, as an install
            // elsewhere than /opt/spore would.
            for (String name : List.of(NODE_UNIT, LAUNCH_UNIT)) {
                String text = Files.readString(root.resolve("share/systemd").resolve(name));
                Path copy = Files.writeString(tmp.resolve(name), text.replace("/opt/spore", root.toString()));
                Run verify = run(tmp, "systemd-analyze", "verify", "--man=no", copy.toString());
                assertEquals(0, verify.status(), name + ": " + verify.output());
                // Unknown keys and bad values are only warnings, naming the file.
                assertFalse(verify.output().contains(name.replace(".service", "")), name + ": " + verify.output());
            }
        } else {
            System.out.println("systemd-analyze is not installed: the units were only checked for their settings");
        }
    }

    private static Path script() {
        return root.resolve("bin").resolve("spore");
    }

    /** @return the candidates the completion script offers for the last word of {@code words} */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String line = String.join(" ", words);
        String driver = "source '" + script + "'\n"
            + "COMP_WORDS=(" + array + " )\n"
            + "COMP_CWORD=" + (words.length - 1) + "\n"
            + "COMP_LINE='" + line + "'\n"
            + "COMP_POINT=" + line.length() + "\n"
            // compopt complains outside a real completion; the candidates are what counts.
            + "_complete_spore 2>/dev/null\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Run bash = run(tmp, "bash", "-c", driver);
        assertEquals(0, bash.status(), bash.output());
        return bash.output().lines().filter(l -> !l.isBlank()).toList();
    }

    /** @return the unit's settings by section and key, each key's values in order (a key may repeat) */
    private static Map<String, Map<String, List<String>>> unit(String name) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String line : Files.readAllLines(root.resolve("share/systemd").resolve(name), StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                section = new LinkedHashMap<>();
                sections.put(trimmed.substring(1, trimmed.length() - 1), section);
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertTrue(section != null && equals > 0, name + ": not 'Key=value' in a section: " + line);
            section.computeIfAbsent(trimmed.substring(0, equals), k -> new ArrayList<>())
                .add(trimmed.substring(equals + 1));
        }
        assertEquals(List.of("Unit", "Service", "Install"), List.copyOf(sections.keySet()), name);
        assertTrue(sections.get("Unit").containsKey("Description"), name);
        return sections;
    }

    /** @return the regular files under {@code dir}, relative to it */
    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":"))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    private record Run(int status, String output) {
    }

    /** Runs a program to its end (the class's timeout bounds it), with standard output and error merged. */
    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // Read to the end first, so a chatty program never blocks on a full pipe.
        byte[] output = process.getInputStream().readAllBytes();
        return new Run(process.waitFor(), new String(output, StandardCharsets.UTF_8));
    }
}
