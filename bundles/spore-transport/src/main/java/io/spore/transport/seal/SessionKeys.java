package io.spore.transport.seal;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What one handshake's {@link KeySchedule} gives: the proof each side sends, and the first traffic secret of each
 * direction. Both sides compute the same {@code SessionKeys}; each sends its own proof, checks the other's, then
 * seals with its sending direction's secret and opens with the other.
 *
 * <p>Not thread-safe: the thread that runs the handshake owns it, and {@link #destroy()}s it once the sealer and
 * the opener are made (they keep copies).
 */
public final class SessionKeys {
    /** Bytes in a proof. */
    public static final int PROOF_LENGTH = Hkdf.HASH_LENGTH;

    private final byte[] clientProof;
    private final byte[] serverProof;
    private final TrafficSecret clientToServer;
    private final TrafficSecret serverToClient;

    SessionKeys(byte[] clientProof, byte[] serverProof, TrafficSecret clientToServer, TrafficSecret serverToClient) {
        this.clientProof = clientProof;
        this.serverProof = serverProof;
        this.clientToServer = clientToServer;
        this.serverToClient = serverToClient;
    }

    /** @return the proof the client sends, {@value #PROOF_LENGTH} bytes (a copy) */
    public byte[] clientProof() {
        return clientProof.clone();
    }

    /** @return the proof the server sends, {@value #PROOF_LENGTH} bytes (a copy) */
    public byte[] serverProof() {
        return serverProof.clone();
    }

    /**
     * @param received the proof a client sent
     * @return whether it is this handshake's client proof; compared in constant time
     */
    public boolean isClientProof(byte[] received) {
        return MessageDigest.isEqual(clientProof, received);
    }

    /**
     * @param received the proof a server sent
     * @return whether it is this handshake's server proof; compared in constant time
     */
    public boolean isServerProof(byte[] received) {
        return MessageDigest.isEqual(serverProof, received);
    }

    /** @return epoch 0 of what the client seals and the server opens (a copy) */
    public TrafficSecret clientToServer() {
        return clientToServer.copy();
    }

    /** @return epoch 0 of what the server seals and the client opens (a copy) */
    public TrafficSecret serverToClient() {
        return serverToClient.copy();
    }

    /** Overwrites the proofs and secrets: best effort, as anything on a garbage-collected heap. */
    public void destroy() {
        Arrays.fill(clientProof, (byte) 0);
        Arrays.fill(serverProof, (byte) 0);
        clientToServer.destroy();
        serverToClient.destroy();
    }

    @Override
    public String toString() {
        return "SessionKeys[hidden]";
    }
}
