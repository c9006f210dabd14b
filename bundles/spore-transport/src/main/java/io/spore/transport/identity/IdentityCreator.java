package io.spore.transport.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.host.PrivateFolders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a node's identity, as {@code spore identity create} does: a new key pair and a self-signed certificate for
 * the node ({@code CN=NAME@HOST}, subject alternative name {@code uri:spore:NAME@HOST}, key usage digitalSignature,
 * not a CA) in a new PKCS#12 keystore, and optionally a certificate request for a CA to sign.
 *
 * <p>keytool ({@link Keytool}) makes the files in a folder of mode 0700 beside the keystore, where nobody else can see
 * them whatever the umask; the keystore is then set to mode 0600, loaded back and checked as a node would
 * ({@link NodeIdentity#load}), and only then linked into place, never over an existing file. A keystore is never
 * replaced: a node that uses it would lose its identity.
 *
 * <p>Thread-safe: stateless.
 */
public final class IdentityCreator {
    /** The validity of a new certificate when none is given: a year. */
    public static final int DEFAULT_DAYS = 365;
    /** The longest validity accepted: ten years. */
    public static final int MAX_DAYS = 3650;

    private static final int MIN_PASSWORD_CHARS = 6; // keytool refuses a shorter store password

    private IdentityCreator() {
    }

    /**
     * @param node         the node the identity is for
     * @param keystore     the keystore to make, which must not exist
     * @param passwordFile the password file, made with a random password when it does not exist
     * @param algorithm    the key's algorithm
     * @param days         the certificate's validity, from now
     * @param request      where to write a certificate request (PEM), which must not exist; {@code null} for none
     * @return the new identity, as a node will load it
     * @throws SporeException {@code INVALID_ARGUMENT}, one line naming the file and the fix, when a file exists, a
     *                        folder or the password file is not private, or keytool fails
     */
    public static NodeIdentity create(NodeName node, Path keystore, Path passwordFile, KeyAlgorithm algorithm,
                                      int days, Path request) {
        if (days < 1 || days > MAX_DAYS) {
            throw IdentityStores.invalid("a certificate is valid for 1 to " + MAX_DAYS + " days, not " + days);
        }
        if (Files.exists(keystore, LinkOption.NOFOLLOW_LINKS)) {
            throw IdentityStores.invalid("identity keystore " + keystore + " exists already: a node using it would"
                + " lose its identity; give another keystore, or delete it first");
        }
        if (request != null && Files.exists(request, LinkOption.NOFOLLOW_LINKS)) {
            throw IdentityStores.invalid("certificate request " + request + " exists already: give another file");
        }
        char[] password = IdentityStores.readOrCreatePassword(passwordFile);
        int passwordLength = password.length;
        Arrays.fill(password, '\0');
        if (passwordLength < MIN_PASSWORD_CHARS) {
            throw IdentityStores.invalid("identity password file " + passwordFile + " holds a password of fewer than "
                + MIN_PASSWORD_CHARS + " characters, which keytool refuses: give a longer one");
        }
        Path folder = keystore.toAbsolutePath().getParent();
        Path scratch = null;
        try {
            if (!Files.isDirectory(folder)) {
                PrivateFolders.createPrivate(folder, "identity folder");
            }
            scratch = Files.createTempDirectory(folder, ".identity-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path made = scratch.resolve("identity.p12");
            Keytool.run(generateArguments(node, made, passwordFile, algorithm, days), scratch);
            Path madeRequest = scratch.resolve("identity.csr");
            if (request != null) {
                Keytool.run(List.of("-certreq", "-alias", IdentityStores.KEY_ALIAS, "-keystore", made.toString(),
                    "-storetype", "PKCS12", "-storepass:file", passwordFile.toAbsolutePath().toString(),
                    "-file", madeRequest.toString(), "-ext", "SAN=uri:" + NodeCertificates.URI_SCHEME + node), scratch);
            }
            Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-------"));
            NodeIdentity identity = NodeIdentity.load(made, passwordFile, node);
            publish(made, keystore);
            if (request != null) {
                Files.move(madeRequest, request);
            }
            return identity;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw IdentityStores.invalid(e.getMessage());
        } catch (FileAlreadyExistsException e) {
            throw IdentityStores.invalid(e.getFile() + " appeared while the identity was made: nothing was replaced;"
                + " run the command again with another file");
        } catch (IOException e) {
            throw IdentityStores.invalid("cannot make identity keystore " + keystore + ": " + e);
        } finally {
            deleteTree(scratch);
        }
    }

    private static List<String> generateArguments(NodeName node, Path keystore, Path passwordFile,
                                                  KeyAlgorithm algorithm, int days) {
        List<String> arguments = new ArrayList<>(List.of("-genkeypair", "-alias", IdentityStores.KEY_ALIAS));
        arguments.addAll(switch (algorithm) {
            case ED25519 -> List.of("-keyalg", "Ed25519");
            case EC_P256 -> List.of("-keyalg", "EC", "-groupname", "secp256r1");
        });
        arguments.addAll(List.of("-dname", "CN=" + node, "-ext", "SAN=uri:" + NodeCertificates.URI_SCHEME + node,
            "-ext", "KU=digitalSignature", "-validity", Integer.toString(days), "-keystore", keystore.toString(),
            "-storetype", "PKCS12", "-storepass:file", passwordFile.toAbsolutePath().toString(), "-noprompt"));
        return arguments;
    }

    /** A hard link fails when the name is taken, so a keystore another command made meanwhile is never replaced. */
    private static void publish(Path made, Path keystore) throws IOException {
        try {
            Files.createLink(keystore, made);
        } catch (UnsupportedOperationException e) {
            Files.move(made, keystore); // no hard links here: a move that does not replace is the next best
        }
    }

    private static void deleteTree(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover .identity-* folder is mode 0700 and never read; it is worth no failure.
        }
    }
}
