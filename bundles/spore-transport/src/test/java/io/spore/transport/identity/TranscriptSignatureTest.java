package io.spore.transport.identity;

import io.spore.transport.identity.IdentityException.Failure;
import io.spore.transport.identity.TranscriptSignature.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.util.List;

import static io.spore.transport.identity.TestIdentities.A;
import static io.spore.transport.identity.TestIdentities.B;
import static io.spore.transport.identity.TrustedPeersTest.assertFailure;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A transcript signature proves the key, the transcript and the signer's role, and nothing else. */
@Timeout(120)
class TranscriptSignatureTest {
    private static final TestIdentities KEYS = TestIdentities.get();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void bothAlgorithmsSignAndVerifyInSixtyFourBytes() throws Exception {
        for (java.nio.file.Path keystore : List.of(KEYS.ed25519, KEYS.p256)) {
            NodeIdentity self = NodeIdentity.load(keystore, KEYS.passwordFile, A);
            VerifiedPeer asSeen = TrustedPeers.of(List.of(self.certificate()), false).verify(self.chain(), A);
            byte[] hash = hash();
            byte[] signature = TranscriptSignature.sign(self, Role.CLIENT, hash);
            assertEquals(TranscriptSignature.SIGNATURE_BYTES, signature.length, self.keyAlgorithm().toString());
            TranscriptSignature.verify(asSeen, Role.CLIENT, hash, signature);
        }
    }

    @Test
    void aCaSignedIdentitySignsToo() throws Exception {
        NodeIdentity self = NodeIdentity.load(KEYS.signed, KEYS.passwordFile, B);
        VerifiedPeer asSeen = TrustedPeers.of(List.of(KEYS.certificate(KEYS.ca)), false)
            .verify(CertificateChainCodec.decode(self.encodedChain()), B);
        byte[] hash = hash();
        TranscriptSignature.verify(asSeen, Role.SERVER, hash, TranscriptSignature.sign(self, Role.SERVER, hash));
    }

    /** A node's own signature sent back to it, as if the other side had made it, does not verify. */
    @Test
    void aReflectedSignatureIsRefused() throws Exception {
        NodeIdentity self = NodeIdentity.load(KEYS.p256, KEYS.passwordFile, A);
        VerifiedPeer sameCertificate = TrustedPeers.of(List.of(self.certificate()), false).verify(self.chain(), A);
        byte[] hash = hash();
        byte[] asClient = TranscriptSignature.sign(self, Role.CLIENT, hash);
        assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(sameCertificate, Role.SERVER, hash,
            asClient), "server signature of a@alpha");
    }

    @Test
    void anotherTranscriptOrAnotherKeyIsRefused() throws Exception {
        NodeIdentity self = NodeIdentity.load(KEYS.ed25519, KEYS.passwordFile, A);
        NodeIdentity other = NodeIdentity.load(KEYS.signed, KEYS.passwordFile, B);
        VerifiedPeer peer = TrustedPeers.of(List.of(self.certificate()), false).verify(self.chain(), A);
        byte[] hash = hash();
        byte[] signature = TranscriptSignature.sign(self, Role.CLIENT, hash);
        byte[] otherHash = hash.clone();
        otherHash[31] ^= 1;
        assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(peer, Role.CLIENT, otherHash,
            signature));
        assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(peer, Role.CLIENT, hash,
            TranscriptSignature.sign(other, Role.CLIENT, hash)));
    }

    /** Whatever bytes a peer sends as its signature, the answer is BAD_SIGNATURE, never another exception. */
    @Test
    void garbageSignaturesAreBadSignatures() throws Exception {
        for (java.nio.file.Path keystore : List.of(KEYS.ed25519, KEYS.p256)) {
            NodeIdentity self = NodeIdentity.load(keystore, KEYS.passwordFile, A);
            VerifiedPeer peer = TrustedPeers.of(List.of(self.certificate()), false).verify(self.chain(), A);
            byte[] hash = hash();
            for (int length : new int[] {0, 1, 63, 64, 65, 72, 200}) {
                byte[] garbage = new byte[length];
                RANDOM.nextBytes(garbage);
                assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(peer, Role.CLIENT, hash,
                    garbage));
            }
            byte[] zeros = new byte[TranscriptSignature.SIGNATURE_BYTES];
            assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(peer, Role.CLIENT, hash, zeros));
            byte[] flipped = TranscriptSignature.sign(self, Role.CLIENT, hash);
            flipped[0] ^= (byte) 0x80;
            assertFailure(Failure.BAD_SIGNATURE, () -> TranscriptSignature.verify(peer, Role.CLIENT, hash, flipped));
        }
    }

    @Test
    void aHashOfTheWrongLengthIsTheCallersMistake() throws Exception {
        NodeIdentity self = NodeIdentity.load(KEYS.ed25519, KEYS.passwordFile, A);
        assertThrows(IllegalArgumentException.class, () -> TranscriptSignature.sign(self, Role.CLIENT, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> TranscriptSignature.sign(self, Role.CLIENT, new byte[65]));
        assertDoesNotThrow(() -> TranscriptSignature.sign(self, Role.CLIENT, new byte[64]));
    }

    private static byte[] hash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return hash;
    }
}
