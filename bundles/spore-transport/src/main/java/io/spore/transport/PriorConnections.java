package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.wire.sbe.HeartbeatDecoder;
import io.spore.wire.sbe.PriorConnectionDecoder;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many messages a connection that went down lost, counted exactly once the two nodes meet again.
 *
 * <p>Messages that had left this node when its connection to a peer went down are in doubt: some arrived, the rest
 * were lost in the network or in Aeron's buffers, and which is which only the peer knows. So each side counts: a
 * sender counts the messages its data publication accepted ({@link PeerPublications#messagesWritten}), a receiver
 * those it read ({@link PeerTraffic#messagesRead()}, said in every Heartbeat so the sender always knows roughly what is
 * still on the way). When a connection goes down, this node keeps a record of both numbers; when a new connection to
 * the same incarnation of the peer comes up, each side sends the other a PriorConnection frame saying how many it
 * read on the old one, and the other counts the difference to what it wrote as lost ({@code lostInFlight}). A peer
 * that restarted (a new creation), or never answers, leaves the messages not confirmed: counted in
 * {@code unconfirmedInFlight} when the record is given up.
 *
 * <p>Records are bounded ({@link #MAX_RECORDS}, oldest given up first), so a stream of nodes that come and go cannot
 * grow them. The number written is read when the record is settled, not when the connection ends: a sender still
 * inside an offer when the connection failed has finished by then, and its message counts.
 *
 * <p>Threading: the receive agent only.
 */
final class PriorConnections {
    /** Peers whose last connection's count this node keeps at most. */
    static final int MAX_RECORDS = 4096;
    private static final System.Logger LOG = System.getLogger(PriorConnections.class.getName());

    private final NodeName self;
    private final TransportCounters counters;
    private final Map<NodeName, Departed> byPeer = new LinkedHashMap<>();

    PriorConnections(NodeName self, TransportCounters counters) {
        this.self = self;
        this.counters = counters;
    }

    /** A connection that went down, as each side counted it. */
    private static final class Departed {
        final int peerCreation;
        final int ownSessionId;
        final int peerSessionId;
        /** Messages this node read from the peer on it: what this node reports when they meet again. */
        final long readFromPeer;
        /** What the peer said in its last heartbeat it had read of this node's messages. */
        final long peerReadAtDown;
        /** The old connection's publications: how many messages they accepted is read when the record is settled. */
        final PeerPublications written;

        Departed(Association peer, PeerPublications publications) {
            this.peerCreation = peer.peerCreation;
            this.ownSessionId = publications.sessionId();
            this.peerSessionId = peer.peerSessionId;
            this.readFromPeer = peer.traffic.messagesRead();
            this.peerReadAtDown = peer.peerMessagesRead;
            this.written = publications;
        }

        long written() {
            return written.messagesWritten();
        }
    }

    /** A heartbeat from {@code peer}: how many of this node's messages it has read. */
    void onHeartbeat(Association peer, HeartbeatDecoder heartbeat) {
        long read = heartbeat.messagesRead();
        if (read != HeartbeatDecoder.messagesReadNullValue() && read > peer.peerMessagesRead) {
            peer.peerMessagesRead = read;
        }
    }

    /**
     * A connection that was up went down: keeps its counts until the peer is met again.
     *
     * @return the part of the log line reporting the connection's end that says how many messages are in doubt
     */
    String departed(Association peer, PeerPublications publications) {
        if (publications == null) {
            return "";
        }
        Departed departed = new Departed(peer, publications);
        Departed earlier = byPeer.remove(peer.name);
        if (earlier != null) {
            giveUp(peer.name, earlier, "it went down again before the count came");
        }
        byPeer.put(peer.name, departed);
        if (byPeer.size() > MAX_RECORDS) {
            Iterator<Map.Entry<NodeName, Departed>> oldest = byPeer.entrySet().iterator();
            Map.Entry<NodeName, Departed> entry = oldest.next();
            oldest.remove();
            giveUp(entry.getKey(), entry.getValue(), "too many nodes went down since");
        }
        long inDoubt = departed.written() - departed.peerReadAtDown;
        return inDoubt <= 0 ? "" : "; " + inDoubt + " messages had left and are not confirmed (" + peer.name
            + " says how many arrived if it comes back; counted in lostInFlight then)";
    }

    /**
     * A new connection to {@code peer} came up: when this node kept a record of the last one and the peer is the
     * same incarnation, tells it how many of its messages arrived on that one.
     *
     * @return the length of the PriorConnection frame written into {@code writer} to send, or 0 for none
     */
    int reconnected(Association peer, FrameWriter writer) {
        Departed departed = byPeer.get(peer.name);
        if (departed == null) {
            return 0;
        }
        if (departed.peerCreation != peer.peerCreation || !peer.peerReportsMessagesRead) {
            byPeer.remove(peer.name);
            giveUp(peer.name, departed, departed.peerCreation != peer.peerCreation
                ? "it restarted (creation " + departed.peerCreation + " is now " + peer.peerCreation + ")"
                : "it does not count the messages it reads");
            return 0;
        }
        return writer.priorConnection(departed.peerSessionId, departed.readFromPeer);
    }

    /** The peer said how many messages of this node's previous connection it read: the rest were lost. */
    void onPriorConnection(Association peer, PriorConnectionDecoder frame) {
        Departed departed = byPeer.get(peer.name);
        if (departed == null || departed.ownSessionId != frame.sessionId()
            || departed.peerCreation != peer.peerCreation) {
            LOG.log(System.Logger.Level.DEBUG, () -> self + ": " + peer.name + " reported a connection this node"
                + " keeps no count of (session " + frame.sessionId() + ")");
            return;
        }
        byPeer.remove(peer.name);
        long written = departed.written();
        long read = frame.messagesRead();
        long lost = Math.max(0, written - read);
        counters.lostInFlight.add(lost);
        if (lost > 0) {
            LOG.log(System.Logger.Level.WARNING, () -> self + ": " + lost + " of the " + written + " messages sent to "
                + peer.name + " on the connection that went down were lost (" + read + " arrived; counted in"
                + " lostInFlight)");
        } else {
            LOG.log(System.Logger.Level.INFO, () -> self + ": every message sent to " + peer.name
                + " on the connection that went down arrived (" + written + ")");
        }
    }

    /** A record that will get no count from its peer: what was in doubt stays not confirmed. */
    private void giveUp(NodeName peer, Departed departed, String why) {
        long inDoubt = Math.max(0, departed.written() - departed.peerReadAtDown);
        if (inDoubt == 0) {
            return;
        }
        counters.unconfirmedInFlight.add(inDoubt);
        LOG.log(System.Logger.Level.WARNING, () -> self + ": " + inDoubt + " messages sent to " + peer
            + " before its connection went down are not confirmed: " + why + " (counted in unconfirmedInFlight)");
    }

    /** @return how many peers' counts this node keeps */
    int size() {
        return byPeer.size();
    }
}
