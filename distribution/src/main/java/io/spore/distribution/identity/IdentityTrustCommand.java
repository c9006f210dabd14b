package io.spore.distribution.identity;

import io.spore.api.SporeException;
import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.transport.identity.CertificateFiles;
import io.spore.transport.identity.IdentityStores;
import io.spore.transport.identity.NodeCertificates;
import io.spore.transport.identity.TrustStoreWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code spore identity trust CERT.pem}: adds a CA's or a node's certificate to the trust store. */
@Command(name = "trust",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Adds the certificates of a PEM or DER file to the trust store, made (mode 0600) when missing. A CA"
            + " certificate (basic constraints CA:true) admits every node whose certificate it issued, under the"
            + " name in that certificate; any other certificate is pinned and admits the node it names with exactly"
            + " that certificate.",
        "A certificate that could admit no one (expired, neither a CA nor for a node, a key other than Ed25519 or"
            + " EC P-256) is refused, and then none is added.",
        ""
    })
final class IdentityTrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CERT", description = "The certificate file: PEM (as spore identity create"
        + " prints it) or DER.")
    Path certificate;

    @Option(names = "--truststore", paramLabel = "PATH", description = "The trust store (default ~/.spore/trust.p12).")
    Path truststore;

    @Mixin
    PasswordFileOption password;

    @Override
    public Integer call() {
        Path store = truststore != null ? truststore : IdentityStores.defaultTruststore();
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<TrustStoreWriter.Trusted> outcome = TrustStoreWriter.add(store, password.file(),
                CertificateFiles.read(certificate));
            for (TrustStoreWriter.Trusted trusted : outcome) {
                String what = (trusted.authority() ? "CA " : "pinned ")
                    + NodeCertificates.describe(trusted.certificate());
                out.println(trusted.added() ? "trusted " + what : "already trusted: " + what);
            }
        } catch (SporeException e) {
            throw new ActionableException(e.getMessage(), e);
        }
        out.println("trust store " + store + " (mode 0600)");
        out.flush();
        return 0;
    }
}
