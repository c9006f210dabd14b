package io.spore.transport;

import io.spore.transport.seal.KeyLimits;
import io.spore.transport.seal.Opener;
import io.spore.transport.seal.Sealer;
import io.spore.transport.seal.SessionKeys;
import io.spore.transport.seal.Suite;
import io.spore.transport.seal.TrafficSecret;
import org.agrona.concurrent.SystemNanoClock;

/**
 * What seals one connection's frames and opens its peer's, from the keys its handshake derived: a sealer for each of
 * this node's three streams to the peer (control, data, large messages) and an opener for each of the peer's, every
 * one with its own key chain ({@link TrafficSecret#forStream}): Aeron orders the messages of one stream, not of the
 * streams together, so each stream has its own sequence numbers and replay window. The layout and the rules are the
 * schema's ("Sealed frames").
 *
 * <p>Installed on the receiving side as soon as the peer proved itself (its next frames are sealed), on the sending
 * side once this node's last clear handshake frame has left ({@link PeerPublications#seal}).
 */
final class ConnectionSeal {
    private static final String CONTROL = "control";
    private static final String DATA = "data";
    private static final String LARGE = "large";

    private final Suite suite;
    final SealedStream controlOut;
    final SealedStream dataOut;
    /** Seals the large-message stream, whose publication comes and goes: its sequence runs on across them. */
    final SealedStream largeOut;
    final SealedStream controlIn;
    final SealedStream dataIn;
    final SealedStream largeIn;

    private ConnectionSeal(Suite suite, KeyLimits limits, TrafficSecret sending, TrafficSecret receiving) {
        this.suite = suite;
        TrafficSecret[] secrets = {sending.forStream(CONTROL), sending.forStream(DATA), receiving.forStream(CONTROL),
            receiving.forStream(DATA), sending.forStream(LARGE), receiving.forStream(LARGE)};
        try {
            // Each sealer and opener keeps a copy of its secret.
            this.controlOut = SealedStream.sending(new Sealer(suite, secrets[0], limits, SystemNanoClock.INSTANCE));
            this.dataOut = SealedStream.sending(new Sealer(suite, secrets[1], limits, SystemNanoClock.INSTANCE));
            this.controlIn = SealedStream.receiving(new Opener(suite, secrets[2]));
            this.dataIn = SealedStream.receiving(new Opener(suite, secrets[3]));
            this.largeOut = SealedStream.sending(new Sealer(suite, secrets[4], limits, SystemNanoClock.INSTANCE));
            this.largeIn = SealedStream.receiving(new Opener(suite, secrets[5]));
        } finally {
            for (TrafficSecret secret : secrets) {
                secret.destroy();
            }
        }
    }

    /**
     * @param keys   what the handshake derived; destroyed here once the streams have their copies
     * @param client whether this node opened the connection (it seals client-to-server)
     * @param suite  the suite the handshake agreed on
     * @param limits when this node's sending keys rotate
     */
    static ConnectionSeal of(SessionKeys keys, boolean client, Suite suite, KeyLimits limits) {
        TrafficSecret clientToServer = keys.clientToServer();
        TrafficSecret serverToClient = keys.serverToClient();
        try {
            return client ? new ConnectionSeal(suite, limits, clientToServer, serverToClient)
                : new ConnectionSeal(suite, limits, serverToClient, clientToServer);
        } finally {
            clientToServer.destroy();
            serverToClient.destroy();
            keys.destroy();
        }
    }

    /** @return the suite that protects the connection */
    Suite suite() {
        return suite;
    }

    /**
     * @param stream {@link PeerPublications#CONTROL}, {@link PeerPublications#DATA} or {@link PeerPublications#LARGE}
     * @return the receiving stream of the peer's frames on {@code stream}
     */
    SealedStream in(int stream) {
        return stream == PeerPublications.CONTROL ? controlIn : stream == PeerPublications.DATA ? dataIn : largeIn;
    }

    /** @return key rotations so far, both directions and streams together */
    long rotations() {
        return controlOut.epoch() + dataOut.epoch() + largeOut.epoch() + controlIn.epoch() + dataIn.epoch()
            + largeIn.epoch();
    }

    /**
     * Overwrites the receiving keys, best effort: the connection is over. (The sending ones go with the publications,
     * under their locks, since a sender may be sealing.)
     */
    void destroyReceiving() {
        controlIn.destroy();
        dataIn.destroy();
        largeIn.destroy();
    }
}
