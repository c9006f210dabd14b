package io.spore.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for one test: {@code /usr/sbin/sshd -D} on a free loopback port with a host key, an
 * {@code authorized_keys} holding a key generated for the test, and a client configuration file that names it
 * {@value #HOST} ({@code ssh -F config sporetest ...}), trusts its host key without asking and keeps its own
 * known-hosts file. The test runs as root, so it logs in as root. {@link #available()} says why a test must be
 * skipped when there is no sshd (the CI script installs Debian's openssh-server).
 */
final class Sshd implements AutoCloseable {
    /** The alias of the server in the client configuration. */
    static final String HOST = "sporetest";
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final Process process;
    private final int port;

    private Sshd(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** @return {@code null} when a test can start sshd here, else why not */
    static String available() {
        if (!Files.isExecutable(SSHD)) {
            return SSHD + " is missing: install openssh-server (.ci/run does)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the ssh tests log in as root with their own sshd, and run as root";
        }
        return null;
    }

    /** Starts sshd with everything in {@code dir} and waits until a command runs through it. */
    static Sshd start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("user_key").toString());
        Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
        // Debian's sshd insists on its privilege separation folder, which only the sshd service creates.
        Files.createDirectories(Path.of("/run/sshd"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile none",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            // The remote spore runs with the tests' own JDK, and the tests' home: a node left to its defaults (a
            // detached one's log, its folders) writes into that, never into the real ~/.spore of the login.
            "SetEnv JAVA_HOME=" + System.getProperty("java.home") + " JAVA_OPTS=-Duser.home=" + TestHome.get(),
            "LogLevel ERROR",
            ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ssh_config"), String.join("\n",
            "Host " + HOST,
            "  HostName 127.0.0.1",
            "  Port " + port,
            "  User root",
            "  IdentityFile " + dir.resolve("user_key"),
            "  IdentitiesOnly yes",
            "  StrictHostKeyChecking no",
            "  UserKnownHostsFile " + dir.resolve("known_hosts"),
            "  LogLevel ERROR",
            ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
        Sshd sshd = new Sshd(dir, process, port);
        try {
            sshd.awaitReady(Duration.ofSeconds(30));
            return sshd;
        } catch (RuntimeException | IOException e) {
            sshd.close();
            throw e;
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() - deadlineNs < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            Process probe = new ProcessBuilder(sshCommand("true")).redirectErrorStream(true).start();
            last = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return;
            }
            Thread.sleep(100); // the poll interval while sshd starts listening
        }
        throw new IllegalStateException("sshd did not accept a login within " + timeout.toSeconds() + " s: " + last
            + Files.readString(dir.resolve("sshd.log")));
    }

    /** @return the ssh command with this server's client configuration, as {@code --ssh} and {@code --fork} take it */
    String ssh() {
        return "ssh -F " + dir.resolve("ssh_config");
    }

    /** @return {@code ssh -F config sporetest WORDS...} */
    List<String> sshCommand(String... words) {
        List<String> command = new java.util.ArrayList<>(List.of("ssh", "-F", dir.resolve("ssh_config").toString(),
            "-o", "BatchMode=yes", HOST));
        command.addAll(List.of(words));
        return command;
    }

    /** @return the server's port */
    int port() {
        return port;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
