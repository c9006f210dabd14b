package io.spore.distribution.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.distribution.cli.NodeNameConverter;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.distribution.framework.NodeFolders;
import io.spore.transport.identity.IdentityStores;
import io.spore.transport.identity.NodeCertificates;
import io.spore.transport.identity.NodeIdentity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spore identity show}: what a keystore or a trust store holds, and whether a node could use the keystore as
 * it is. Exit status 1 when it could not (the reason is the last line), so a script can check an identity before it
 * starts a node.
 */
@Command(name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Prints a node's identity: the keystore's certificate (subject, node names, issuer, key, SHA-256"
            + " fingerprint, validity, chain) and whether a node of that name can use it; with --truststore, the CA"
            + " and pinned certificates of the trust store.",
        "Exits with status 1 when the identity would be refused at start, and says why.",
        ""
    })
final class IdentityShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME@HOST", converter = NodeNameConverter.class,
        description = "The node: its keystore is identity.p12 in its folder, ~/.spore/nodes/NAME@HOST, unless"
            + " --keystore says otherwise, and it is checked for this name.")
    NodeName node;

    @Option(names = "--keystore", paramLabel = "PATH", description = "The keystore to show.")
    Path keystore;

    @Option(names = "--truststore", paramLabel = "PATH", arity = "0..1", fallbackValue = "",
        description = "Show the trust store too (default ~/.spore/trust.p12).")
    String truststore;

    @Mixin
    PasswordFileOption password;

    @Override
    public Integer call() {
        if (node == null && keystore == null && truststore == null) {
            throw new ParameterException(spec.commandLine(), "give NAME@HOST, --keystore PATH or --truststore");
        }
        PrintWriter out = spec.commandLine().getOut();
        int status = 0;
        try {
            char[] secret = IdentityStores.readPassword(password.file());
            try {
                if (node != null || keystore != null) {
                    status = showKeystore(out, secret);
                }
                if (truststore != null) {
                    showTruststore(out, secret, truststore.isEmpty() ? IdentityStores.defaultTruststore()
                        : Path.of(truststore));
                }
            } finally {
                Arrays.fill(secret, '\0');
            }
        } catch (SporeException e) {
            throw new ActionableException(e.getMessage(), e);
        }
        out.flush();
        return status;
    }

    private int showKeystore(PrintWriter out, char[] secret) {
        Path file = keystore != null ? keystore : NodeFolders.defaultIdentityKeystore(node);
        KeyStore store = IdentityStores.load(file, secret, "identity keystore");
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : IdentityStores.keyEntry(store, secret, file).getCertificateChain()) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        X509Certificate own = chain.get(0);
        List<String> names = NodeCertificates.nodeNames(own);
        boolean selfSigned = own.getSubjectX500Principal().equals(own.getIssuerX500Principal());
        out.println("keystore     " + file);
        out.println("node names   " + (names.isEmpty() ? "(none: no URI subject alternative name spore:NAME@HOST)"
            : String.join(", ", names)));
        out.println("subject      " + NodeCertificates.subject(own));
        out.println("issuer       " + NodeCertificates.issuer(own) + (selfSigned ? " (self-signed)" : ""));
        out.println("key          " + NodeCertificates.keyName(own));
        out.println("SHA-256      " + NodeCertificates.fingerprint(own));
        out.println("valid        from " + own.getNotBefore().toInstant() + " to " + own.getNotAfter().toInstant());
        out.println("chain        " + chain.size() + (chain.size() == 1 ? " certificate" : " certificates"));
        NodeName checked = node != null ? node : firstValidName(names);
        if (checked == null) {
            out.println("refused      no node name to check it for: give NAME@HOST");
            return 1;
        }
        try {
            NodeIdentity.load(file, password.file(), checked);
            out.println("usable       by node " + checked);
            return 0;
        } catch (SporeException e) {
            out.println("refused      " + e.getMessage());
            return 1;
        }
    }

    private static NodeName firstValidName(List<String> names) {
        for (String name : names) {
            try {
                return NodeName.parse(name);
            } catch (SporeException e) {
                // a name no node can have: try the next
            }
        }
        return null;
    }

    private static void showTruststore(PrintWriter out, char[] secret, Path file) {
        KeyStore store = IdentityStores.load(file, secret, "trust store");
        out.println("trust store  " + file);
        try {
            List<String> aliases = Collections.list(store.aliases());
            Collections.sort(aliases);
            for (String alias : aliases) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate trusted) {
                    out.println((NodeCertificates.isAuthority(trusted) ? "CA           " : "pinned       ")
                        + NodeCertificates.describe(trusted) + ", valid to " + trusted.getNotAfter().toInstant());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ActionableException("cannot read trust store " + file + ": " + e.getMessage(), e);
        }
    }
}
