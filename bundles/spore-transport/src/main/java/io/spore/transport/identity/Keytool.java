package io.spore.transport.identity;

import io.spore.api.SporeException;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code keytool}, run as a child process: the JDK has no public API that makes an X.509 certificate, and
 * keytool is the tool users already know and the one the README tells them to use for the rest (a CA signing a
 * request, a signed certificate imported). Passwords reach it only through {@code -storepass:file}, never on its
 * command line, which {@code ps} shows to every user.
 *
 * <p>Thread-safe: stateless; each call runs its own process.
 */
final class Keytool {
    /** keytool starts a JVM and makes a key: seconds. A minute means it hangs. */
    private static final long TIMEOUT_SECONDS = 60;

    private Keytool() {
    }

    /** @return the keytool of the JDK this JVM runs on */
    static Path executable() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path keytool = bin.resolve(System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw IdentityStores.invalid("there is no keytool in " + bin + ": run spore with a full JDK (set"
                + " JAVA_HOME), or make the keystore with keytool yourself");
        }
        return keytool;
    }

    /**
     * Runs keytool with {@code arguments} and waits for it.
     *
     * @param arguments its arguments, none of them a secret
     * @param scratch   a private folder for its output, which is read and deleted
     * @throws SporeException {@code INVALID_ARGUMENT} with keytool's own error line when it fails, or when it does
     *                        not end within a minute
     */
    static void run(List<String> arguments, Path scratch) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(arguments);
        Path log = null;
        try {
            log = Files.createTempFile(scratch, "keytool-", ".log");
            // Output to a file, not a pipe: nothing to drain, so a chatty keytool can never block on a full pipe.
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            process.getOutputStream().close(); // it never waits for a typed answer: end of input at once
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw IdentityStores.invalid("keytool " + arguments.get(0) + " did not finish within "
                    + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw IdentityStores.invalid("keytool " + arguments.get(0) + " failed: "
                    + errorLine(Files.readAllLines(log, Charset.defaultCharset())));
            }
        } catch (IOException e) {
            throw IdentityStores.invalid("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IdentityStores.invalid("interrupted while keytool " + arguments.get(0) + " ran");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // the scratch folder goes with it
                }
            }
        }
    }

    /** keytool says what went wrong on a line that begins "keytool error: java.lang.Exception: ...". */
    private static String errorLine(List<String> lines) {
        String found = "exit status not zero, and no message";
        for (String line : lines) {
            if (line.startsWith("keytool error:")) {
                found = line.substring("keytool error:".length()).strip();
                break;
            }
            if (!line.isBlank()) {
                found = line.strip();
            }
        }
        return found.replaceFirst("^java\\.lang\\.Exception: ", "");
    }
}
