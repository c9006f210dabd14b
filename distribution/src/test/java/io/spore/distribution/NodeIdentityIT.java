package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Node identities between real node processes, made as the README shows ({@code spore identity create} and
 * {@code spore identity trust}, each node in a home of its own): two nodes that trust each other's certificate
 * connect, and each shows the other's verified subject and fingerprint in {@code spore:nodes}; a node holding the
 * cookie and a certificate the victim trusts, but for its own name, cannot start under the victim's peer's name, and
 * started under that name without an identity it is refused by the victim, which says why.
 */
@Timeout(300)
class NodeIdentityIT {
    private static final Duration QUICK = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Cluster cluster;

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesWithTrustedIdentitiesConnectAndAnImpostorIsRefused() throws Exception {
        Identity a = Identity.create(tmp, "a@localhost");
        Identity b = Identity.create(tmp, "b@localhost");
        Identity mallory = Identity.create(tmp, "mallory@localhost");
        a.trust(b);
        a.trust(mallory); // a admits mallory, as mallory: the certificate names mallory only
        b.trust(a);

        cluster = new Cluster(tmp.resolve("cluster"));
        ClusterNode nodeA = cluster.start(a.name, a.options()).awaitUp();
        ClusterNode nodeB = cluster.start(b.name, b.options()).awaitUp();
        String echoB = nodeB.spawn("echo");
        assertEquals("proved", nodeA.call(echoB, "proved"), nodeA.process().output() + nodeB.process().output());
        assertTrue(nodeA.repeatUntil("spore:nodes", out -> out.contains(b.name) && out.contains("CN=" + b.name)
            && out.contains(b.fingerprint), ClusterNode.DEADLINE), "a shows b's verified identity: "
            + nodeA.command("spore:nodes"));
        assertTrue(nodeB.repeatUntil("spore:nodes", out -> out.contains("CN=" + a.name) && out.contains(a.fingerprint),
            ClusterNode.DEADLINE), "b shows a's verified identity: " + nodeB.command("spore:nodes"));
        nodeB.stop();

        // Mallory holds the cookie and a certificate a trusts, for mallory: the node will not even start as b.
        SporeRun asB = SporeRun.run(tmp, "node", "--name", b.name, "--cookie-file", cluster.cookie().toString(),
            "--name-service-port", Integer.toString(cluster.nameServicePort()), "--state-dir",
            tmp.resolve("mallory-state").toString(), "--deploy", tmp.resolve("mallory-deploy").toString(),
            "--identity", mallory.keystore.toString(), "--trust", mallory.truststore().toString(),
            "--identity-password-file", mallory.passwordFile().toString());
        assertEquals(1, asB.status(), asB.output());
        assertTrue(asB.output().contains("has a certificate for mallory@localhost, not for this node " + b.name),
            asB.output());

        // So mallory claims b's name with no identity at all: a refuses it, and says why.
        ClusterNode impostor = cluster.start(b.name).awaitUp();
        String echoImpostor = impostor.spawn("echo");
        int from = nodeA.mark();
        assertNotEquals("fooled", nodeA.call(echoImpostor, "fooled"), "a must not talk to the impostor: "
            + nodeA.process().output());
        nodeA.awaitOutput("node " + b.name + " proved no identity, and this node accepts only nodes whose"
            + " certificate it trusts", from);
        assertTrue(nodeA.command("spore:nodes").contains("no node is connected"), nodeA.process().output());
    }

    /** A node's identity, made in a home of its own as {@code spore identity create} makes it. */
    private static final class Identity {
        final String name;
        final Path home;
        final Path keystore;
        final Path pem;
        final String fingerprint;

        private Identity(String name, Path home, Path pem, String fingerprint) {
            this.name = name;
            this.home = home;
            this.keystore = home.resolve(".spore/nodes/" + name + "/identity.p12");
            this.pem = pem;
            this.fingerprint = fingerprint;
        }

        static Identity create(Path tmp, String name) throws Exception {
            Path home = Files.createDirectory(tmp.resolve("home-" + name.replace('@', '_')));
            SporeRun created = run(home, "identity", "create", name);
            assertEquals(0, created.status(), created.output());
            String pem = pem(created.output());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return new Identity(name, home, Files.writeString(tmp.resolve(name + ".pem"), pem), fingerprint);
        }

        /** Pins {@code peer}'s certificate in this home's trust store. */
        void trust(Identity peer) throws Exception {
            SporeRun trusted = run(home, "identity", "trust", peer.pem.toString());
            assertEquals(0, trusted.status(), trusted.output());
        }

        Path truststore() {
            return home.resolve(".spore/trust.p12");
        }

        Path passwordFile() {
            return home.resolve(".spore/identity.password");
        }

        /** @return the node options that turn this identity on */
        String[] options() {
            return List.of("--identity", keystore.toString(), "--trust", truststore().toString(),
                "--identity-password-file", passwordFile().toString()).toArray(String[]::new);
        }

        private static SporeRun run(Path home, String... args) throws IOException, InterruptedException {
            try (SporeProcess process = SporeProcess.startWithHome(home, home, args)) {
                process.closeInput();
                int status = process.awaitExit(QUICK);
                return new SporeRun(status, process.output());
            }
        }

        private static String pem(String output) {
            int begin = output.indexOf("-----BEGIN CERTIFICATE-----");
            int end = output.indexOf("-----END CERTIFICATE-----");
            if (begin < 0 || end < begin) {
                fail("no PEM certificate in:\n" + output);
            }
            return output.substring(begin, end + "-----END CERTIFICATE-----".length()) + "\n";
        }
    }
}
