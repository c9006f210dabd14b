package io.spore.distribution.identity;

import io.spore.transport.identity.IdentityStores;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --password-file}, which every identity command takes. */
final class PasswordFileOption {
    @Option(names = "--password-file", paramLabel = "FILE",
        description = "The file whose first line is the password of the keystore and the trust store, mode 0600"
            + " (default ~/.spore/identity.password; create and trust make it, with a random password, when"
            + " missing).")
    Path file;

    /** @return the file given, or the default one */
    Path file() {
        return file != null ? file : IdentityStores.defaultPasswordFile();
    }
}
