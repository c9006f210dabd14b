package io.spore.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A fresh copy of the stock Karaf the build unpacked, configured the way the README's "Apache Karaf" section tells a
 * user to, plus what only a test needs: its own ports, an administrator for {@code bin/client}, and Maven URLs
 * resolved from the folder the build filled instead of the network.
 */
final class KarafHome {
    /** The packages Spore needs from the system bundle that Karaf 4.4's jre.properties leave out. */
    static final String SYSTEM_PACKAGES = "jdk.internal.misc, com.sun.net.httpserver";
    /** The user and password the test adds for {@code bin/client}. */
    static final String ADMIN = "karaf";

    private final Path root;

    private KarafHome(Path root) {
        this.root = root;
    }

    /**
     * Copies the unpacked Karaf (system property {@code karaf.dist}, set by failsafe) to {@code target}, which is
     * emptied first.
     */
    static KarafHome copy(Path target) throws IOException {
        Path dist = Path.of(required("karaf.dist"));
        if (!Files.isRegularFile(dist.resolve("bin").resolve("karaf"))) {
            throw new IllegalStateException("no unpacked Karaf at " + dist + ": run mvn verify (pre-integration-test"
                + " unpacks org.apache.karaf:apache-karaf-minimal)");
        }
        delete(target);
        Files.createDirectories(target.getParent());
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                // COPY_ATTRIBUTES keeps bin/*'s execute bits.
                Files.copy(from, target.resolve(dist.relativize(from).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return new KarafHome(target);
    }

    /** @return the value of a system property failsafe sets */
    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run through mvn verify");
        }
        return value;
    }

    Path root() {
        return root;
    }

    Path etc(String file) {
        return root.resolve("etc").resolve(file);
    }

    /**
     * Adds {@link #SYSTEM_PACKAGES} to the list of {@code org.osgi.framework.system.packages.extra} in
     * {@code etc/config.properties}, as its first entries, keeping Karaf's own.
     */
    KarafHome exportSystemPackages() throws IOException {
        String key = "org.osgi.framework.system.packages.extra = \\\n";
        String config = Files.readString(etc("config.properties"));
        if (!config.contains(key)) {
            throw new IllegalStateException("etc/config.properties has no line '" + key.strip() + "'");
        }
        String entries = String.join("", Stream.of(SYSTEM_PACKAGES.split(", "))
            .map(p -> "    " + p + ", \\\n").toList());
        Files.writeString(etc("config.properties"), config.replace(key, key + entries));
        return this;
    }

    /**
     * Resolves {@code mvn:} URLs from {@code repository} (a Maven-layout folder) and Karaf's own system folder only,
     * offline, with a local repository inside this Karaf, so that nothing is downloaded and nothing stale from the
     * user's {@code ~/.m2} is picked.
     */
    KarafHome resolveFrom(Path repository) throws IOException {
        Files.writeString(etc("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
            "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
            "org.ops4j.pax.url.mvn.defaultRepositories = " + repository.toUri() + "@id=spore.build@snapshots, \\",
            "    ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
            "org.ops4j.pax.url.mvn.repositories =",
            "org.ops4j.pax.url.mvn.localRepository = " + root.resolve("m2"),
            "org.ops4j.pax.url.mvn.offline = true",
            ""));
        return this;
    }

    /** Listens for ssh on loopback only, at {@code port}, and lets {@link #ADMIN} in with the administrator's roles. */
    KarafHome sshOnLoopback(int port) throws IOException {
        String shell = Files.readString(etc("org.apache.karaf.shell.cfg"));
        Files.writeString(etc("org.apache.karaf.shell.cfg"), shell.replace("sshPort = 8101", "sshPort = " + port)
            .replace("sshHost = 0.0.0.0", "sshHost = 127.0.0.1"));
        String users = Files.readString(etc("users.properties"));
        Files.writeString(etc("users.properties"), users + "\n" + ADMIN + " = " + ADMIN + ",_g_:admingroup\n"
            + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        return this;
    }

    /** Writes {@code etc/PID.cfg}, which Karaf's FileInstall gives to Config Admin. */
    KarafHome configure(String pid, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(settings).forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(etc(pid + ".cfg"), text);
        return this;
    }

    /** Karaf's log, where Spore's System.Logger lines go through pax-logging. */
    String log() {
        Path log = root.resolve("data").resolve("log").resolve("karaf.log");
        try {
            return Files.isRegularFile(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
