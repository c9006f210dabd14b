package io.spore.distribution;

import io.spore.distribution.framework.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The home folder ({@code user.home}) of every {@code bin/spore} the tests run, unless a test gives its own: a
 * temporary folder made on first use and deleted when the test JVM exits. A node started without {@code --deploy}
 * or {@code --state-dir}, or a command that makes the default cookie, then writes into it, never into the real
 * {@code ~/.spore} of whoever runs the build.
 */
final class TestHome {
    private static Path home;

    private TestHome() {
    }

    /** @return the shared test home, made on first call */
    static synchronized Path get() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("spore-test-home-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a home folder for the tests' nodes", e);
            }
            Path made = home;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Folders.deleteTree(made);
                } catch (IOException e) {
                    System.err.println("cannot delete the tests' home folder " + made + ": " + e);
                }
            }, "spore-test-home-cleanup"));
        }
        return home;
    }
}
