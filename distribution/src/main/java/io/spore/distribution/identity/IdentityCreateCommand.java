package io.spore.distribution.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.distribution.cli.NodeNameConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.NodeFolders;
import io.spore.transport.identity.CertificateFiles;
import io.spore.transport.identity.IdentityCreator;
import io.spore.transport.identity.IdentityStores;
import io.spore.transport.identity.KeyAlgorithm;
import io.spore.transport.identity.NodeCertificates;
import io.spore.transport.identity.NodeIdentity;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spore identity create NAME@HOST}: a node's key and certificate, with keytool ({@link IdentityCreator}). The
 * certificate goes to standard output and everything said about it to standard error, so
 * {@code spore identity create a@h > a.pem} gives the file to hand to the peers.
 */
@Command(name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Makes a node's key pair and a self-signed certificate for NAME@HOST (subject CN=NAME@HOST, subject"
            + " alternative name URI spore:NAME@HOST, not a CA) in a new PKCS#12 keystore of mode 0600, with the"
            + " JDK's keytool, and prints the certificate (PEM) on standard output: peers that pin it (spore"
            + " identity trust) accept this node.",
        "With --csr, writes a certificate request for a CA to sign instead, and says how to import the CA's reply."
            + " An existing keystore is never replaced.",
        ""
    })
final class IdentityCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node the identity is for.")
    NodeName node;

    @Option(names = "--keystore", paramLabel = "PATH",
        description = "The keystore to make; by default identity.p12 in the node's folder, ~/.spore/nodes/NAME@HOST.")
    Path keystore;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Signing signing;

    static final class Signing {
        @Option(names = "--self-signed", description = "Print the self-signed certificate for peers to pin (the"
            + " default).")
        boolean selfSigned;

        @Option(names = "--csr", paramLabel = "PATH", description = "Write a certificate request (PEM) for a CA to"
            + " sign; the keystore keeps a self-signed certificate until the reply is imported.")
        Path request;
    }

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + IdentityCreator.DEFAULT_DAYS,
        description = "The self-signed certificate's validity in days, 1 to " + IdentityCreator.MAX_DAYS
            + " (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--key-alg", paramLabel = "ALG", defaultValue = "ed25519", converter = KeyAlgorithmConverter.class,
        description = "ed25519 (the default) or ec (NIST P-256, for CAs that sign nothing else).")
    KeyAlgorithm algorithm;

    @Mixin
    PasswordFileOption password;

    @Override
    public Integer call() {
        if (days < 1 || days > IdentityCreator.MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days " + days + " is not 1 to "
                + IdentityCreator.MAX_DAYS);
        }
        Path target = keystore;
        if (target == null) {
            NodeFolders.prepare(NodeFolders.nodeDir(NodeFolders.sporeHome(), node), "node folder");
            target = NodeFolders.defaultIdentityKeystore(node);
        }
        Path request = signing == null ? null : signing.request;
        NodeIdentity identity;
        try {
            identity = IdentityCreator.create(node, target, password.file(), algorithm, days, request);
        } catch (SporeException e) {
            throw new ActionableException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("made the identity of " + node + ": " + identity.keyAlgorithm().displayName() + " key,"
            + " self-signed certificate valid until " + identity.certificate().getNotAfter().toInstant());
        err.println("keystore " + target + " (mode 0600), opened by " + password.file());
        err.println("SHA-256 " + NodeCertificates.fingerprint(identity.certificate()));
        if (request == null) {
            err.println("give the certificate below to each peer, which accepts this node after: spore identity"
                + " trust CERT.pem");
            err.flush();
            out.print(CertificateFiles.pem(identity.certificate()));
        } else {
            err.println("wrote certificate request " + request + ": have the CA sign it with the subject alternative"
                + " name uri:" + NodeCertificates.URI_SCHEME + node + ", then put its reply and the CA's certificate"
                + " in one PEM file and import it with: keytool -importcert -noprompt -alias "
                + IdentityStores.KEY_ALIAS + " -keystore " + target + " -storepass:file " + password.file()
                + " -file CHAIN.pem");
        }
        err.flush();
        out.flush();
        return 0;
    }

    /** {@code --key-alg}: a usage error, not a failure, when it names no accepted algorithm. */
    static final class KeyAlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            try {
                return KeyAlgorithm.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
