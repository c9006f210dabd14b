package io.spore.core.spi;

import io.spore.api.NodeName;

import java.util.Objects;

/**
 * How the connection to one connected node is protected, and what it refused: the security view per peer of
 * {@link TransportStatistics#peerSecurity()}. Like {@link PeerStats}, it describes the connection that is up now,
 * except for the refusals: a message that is refused ends the connection it came on (its stream is broken), so they
 * count over every connection with that node since this node started.
 *
 * @param node             the other node
 * @param wireSecurity     how the connection's frames are protected: {@code sealed}, {@code authenticated} or
 *                         {@code none}
 * @param suite            the suite that protects them (e.g. {@code AES_256_CTR_HMAC_SHA256}), or {@code none}
 * @param identity         the peer's identity as its certificate proved it in the handshake (the certificate's
 *                         subject), or {@code null} when only the cookie proved it (membership, not a name)
 * @param fingerprint      the SHA-256 fingerprint of that certificate, or {@code null}
 * @param rejectedBadTag   messages from the node that did not prove authentic (forged, altered, injected)
 * @param rejectedReplay   messages from the node that repeated one already opened or fell behind the replay window
 * @param keyRotations     how many times the connection's keys moved to a new epoch, both directions and streams
 * @since 2.4.0
 */
public record PeerSecurity(NodeName node, String wireSecurity, String suite, String identity, String fingerprint,
                           long rejectedBadTag, long rejectedReplay, long keyRotations) {
    /**
     * Checks the required parts.
     *
     * @param node           the other node, not {@code null}
     * @param wireSecurity   the mode, not {@code null}
     * @param suite          the suite, not {@code null}
     * @param identity       the verified identity, or {@code null}
     * @param fingerprint    the certificate's fingerprint, or {@code null}
     * @param rejectedBadTag messages that did not prove authentic
     * @param rejectedReplay messages refused as replays
     * @param keyRotations   key epochs moved through
     */
    public PeerSecurity {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(wireSecurity, "wireSecurity");
        Objects.requireNonNull(suite, "suite");
    }
}
