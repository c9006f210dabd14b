package io.spore.transport;

import io.spore.transport.seal.Transcript;
import io.spore.wire.sbe.ChallengeDecoder;
import io.spore.wire.sbe.HelloDecoder;

/**
 * One node's half of a handshake as the transcript records it: every item its Hello or Challenge carried, and the
 * Aeron session id its frames came on. Read from the decoded frame, on both sides (the sender decodes the frame it
 * wrote), so both record exactly the bytes that travelled. {@link #transcriptHash} puts two halves in the order the
 * schema's header comment specifies.
 *
 * @param name           the node's name as sent (name@host)
 * @param creation       its incarnation
 * @param flags          its NodeFlags byte
 * @param maxMessageBytes its largest accepted payload
 * @param nonce          its nonce
 * @param endpoint       the endpoint it sent
 * @param wireSecurity   its wire security, as the schema's raw value
 * @param suites         the client's offered suites, or the server's chosen one
 * @param key            its ephemeral public key
 * @param sessionId      the Aeron session id of its frames
 */
record HandshakeSide(String name, int creation, short flags, long maxMessageBytes, byte[] nonce, String endpoint,
                     short wireSecurity, short suites, byte[] key, int sessionId) {
    static final String LABEL = "spore handshake v3";

    /** Reads a Hello's items: its fixed fields, then its two variable fields in order. */
    static HandshakeSide of(HelloDecoder hello, int sessionId) {
        byte[] nonce = new byte[HelloDecoder.clientNonceLength()];
        hello.getClientNonce(nonce, 0, nonce.length);
        byte[] key = new byte[HelloDecoder.ephemeralKeyLength()];
        hello.getEphemeralKey(key, 0, key.length);
        return new HandshakeSide(hello.nodeName(), hello.creation(), hello.flags().getRaw(), hello.maxMessageBytes(),
            nonce, hello.endpoint(), hello.wireSecurityRaw(), hello.suites(), key, sessionId);
    }

    /** Reads a Challenge's items: its fixed fields, then its two variable fields in order. */
    static HandshakeSide of(ChallengeDecoder challenge, int sessionId) {
        byte[] nonce = new byte[ChallengeDecoder.serverNonceLength()];
        challenge.getServerNonce(nonce, 0, nonce.length);
        byte[] key = new byte[ChallengeDecoder.ephemeralKeyLength()];
        challenge.getEphemeralKey(key, 0, key.length);
        return new HandshakeSide(challenge.nodeName(), challenge.creation(), challenge.flags().getRaw(),
            challenge.maxMessageBytes(), nonce, challenge.endpoint(), challenge.wireSecurityRaw(), challenge.suite(),
            key, sessionId);
    }

    /** @return the transcript hash of a handshake between {@code client} and {@code server} */
    static byte[] transcriptHash(HandshakeSide client, HandshakeSide server) {
        Transcript transcript = new Transcript(LABEL);
        client.addTo(transcript);
        server.addTo(transcript);
        return transcript.hash();
    }

    private void addTo(Transcript transcript) {
        transcript.add(name).add(creation).add((int) flags).add(maxMessageBytes).add(nonce).add(endpoint)
            .add((int) wireSecurity).add((int) suites).add(key).add(sessionId);
    }
}
