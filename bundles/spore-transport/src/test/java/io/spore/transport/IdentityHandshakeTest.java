package io.spore.transport;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.PeerSecurity;
import io.spore.testsupport.Await;
import io.spore.transport.TestCluster.Member;
import io.spore.transport.identity.IdentityCreator;
import io.spore.transport.identity.KeyAlgorithm;
import io.spore.transport.identity.NodeIdentity;
import io.spore.transport.identity.TrustStoreWriter;
import io.spore.transport.identity.TrustedPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node identities in real handshakes, with keystores made as {@code spore identity create} makes them (the JDK's
 * keytool) and trust stores as {@code spore identity trust} fills them: nodes that trust each other's certificates
 * connect and show each other's verified identity; a node holding the cookie and a certificate of its own, but
 * claiming another node's name, is refused; so is a node that proves no identity to a node that requires one.
 */
@Timeout(120)
class IdentityHandshakeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private TestCluster cluster;
    private Path passwordFile;

    @BeforeEach
    void makeCluster() throws Exception {
        cluster = new TestCluster(dir);
        passwordFile = Files.writeString(dir.resolve("identity.password"), "test-identity-password\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** @return a new identity for {@code node}, as {@code spore identity create} makes it */
    private NodeIdentity identity(String node) {
        return IdentityCreator.create(NodeName.parse(node), dir.resolve(node + ".p12"), passwordFile,
            KeyAlgorithm.ED25519, 30, null);
    }

    /** @return a trust store pinning {@code identities}' certificates, as {@code spore identity trust} adds them */
    private TrustedPeers trusting(String name, NodeIdentity... identities) {
        Path store = dir.resolve(name + "-trust.p12");
        for (NodeIdentity identity : identities) {
            TrustStoreWriter.add(store, passwordFile, List.of(identity.certificate()));
        }
        return TrustedPeers.load(store, passwordFile);
    }

    @Test
    void nodesThatTrustEachOtherConnectAndShowTheVerifiedIdentity() throws Exception {
        NodeIdentity a = identity("a@localhost");
        NodeIdentity b = identity("b@localhost");
        Member nodeA = cluster.start(cluster.context("a").identity(a).trustedPeers(trusting("a", b)));
        Member nodeB = cluster.start(cluster.context("b").identity(b).trustedPeers(trusting("b", a)));
        Pid echo = nodeB.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        nodeB.node().register(Name.of("echo"), echo);

        assertEquals("hi", nodeA.node().call(Name.of("echo"), nodeB.name(), "hi", TIMEOUT));
        Await.until("both see the other's identity", TIMEOUT, () -> nodeB.transport().counters().peerSecurity()
            .size() == 1);
        PeerSecurity seenByA = nodeA.transport().counters().peerSecurity().get(0);
        assertEquals("CN=b@localhost", seenByA.identity());
        assertEquals(b.fingerprint(), seenByA.fingerprint());
        PeerSecurity seenByB = nodeB.transport().counters().peerSecurity().get(0);
        assertEquals("CN=a@localhost", seenByB.identity());
        assertEquals(a.fingerprint(), seenByB.fingerprint());
        assertEquals("sealed", seenByB.wireSecurity());
    }

    @Test
    void aCookieHolderClaimingAnotherNodesNameIsRefused() throws Exception {
        NodeIdentity real = identity("a@localhost");
        NodeIdentity mallory = identity("mallory@localhost");
        NodeIdentity b = identity("b@localhost");
        // b trusts both certificates; mallory holds the cookie and a trusted certificate, but one for its own name,
        // and claims a@localhost's (a node loading its keystore refuses that; an attacker's code does not).
        Member nodeB = cluster.start(cluster.context("b").identity(b).trustedPeers(trusting("b", real, mallory)));
        Member impostor = cluster.start(cluster.context("a").identity(mallory).trustedPeers(trusting("m", b)));
        Pid echo = nodeB.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        nodeB.node().register(Name.of("echo"), echo);

        SporeException refused = assertThrows(SporeException.class,
            () -> impostor.node().call(Name.of("echo"), nodeB.name(), "let me in as a", TIMEOUT));
        assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
        Await.until("b refused the stolen name", TIMEOUT, () -> nodeB.transport().counters().failedHandshakes() >= 1);
        assertTrue(nodeB.node().connectedNodes().isEmpty());
        assertEquals(0, nodeB.transport().counters().connectionsUp());
    }

    @Test
    void aNodeWithoutAnIdentityIsRefusedByANodeThatRequiresOne() throws Exception {
        NodeIdentity b = identity("b@localhost");
        NodeIdentity someone = identity("someone@localhost");
        Member nodeB = cluster.start(cluster.context("b").identity(b).trustedPeers(trusting("b", someone)));
        Member cookieOnly = cluster.start(cluster.context("a"));
        Pid echo = nodeB.node().spawn(Echo::new, ProcessOptions.DEFAULTS);
        nodeB.node().register(Name.of("echo"), echo);

        SporeException refused = assertThrows(SporeException.class,
            () -> cookieOnly.node().call(Name.of("echo"), nodeB.name(), "cookie only", TIMEOUT));
        assertEquals(SporeException.Reason.NODE_DOWN, refused.reason());
        Await.until("both counted the refusal", TIMEOUT, () -> nodeB.transport().counters().failedHandshakes() >= 1
            && cookieOnly.transport().counters().failedHandshakes() >= 1);
        assertEquals(0, nodeB.transport().counters().connectionsUp());
    }
}
