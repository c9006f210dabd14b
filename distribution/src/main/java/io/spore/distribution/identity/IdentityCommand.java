package io.spore.distribution.identity;

import io.spore.distribution.cli.VersionProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spore identity}: the key and certificate a node proves its name with, and the certificates it accepts. */
@Command(name = "identity",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Makes and shows node identities: a key pair and a certificate whose subject alternative name is the node's"
            + " name (URI spore:NAME@HOST), and the trust store of the CA and node certificates a node accepts peers"
            + " by.",
        "Files: ~/.spore/nodes/NAME@HOST/identity.p12 (a node's keystore), ~/.spore/trust.p12 (the trust store),"
            + " ~/.spore/identity.password (the password of both, its first line); all PKCS#12 or text of mode"
            + " 0600, and keytool reads them too (-storepass:file).",
        ""
    },
    subcommands = {IdentityCreateCommand.class, IdentityShowCommand.class, IdentityTrustCommand.class})
public final class IdentityCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: use create, show or trust");
    }
}
