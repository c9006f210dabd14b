package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.spore.api.Pid;
import io.spore.core.spi.Inbound;

import java.util.ArrayList;

/**
 * The peers whose data this node has stopped reading because a process here reached its mailbox limit for messages
 * from other nodes ({@link Inbound#send}), and the polling of the data and large-message streams that leaves their
 * images alone.
 *
 * <p>Why pause the whole peer: the bytes of its data stream are in order, so nothing behind the message for the
 * full process can be read without reading that message first. Not reading its image lets Aeron's flow control do
 * the rest: the peer's publication fills, and its senders meet back-pressure and, past their timeout,
 * {@code BACK_PRESSURED}. The control stream is still read, so the peer stays alive (heartbeats) and its calls and
 * replies wait only as long as they must to keep their order behind the data. Reading resumes once the process has
 * taken enough ({@link Inbound#hasRoom}) or the peer is down.
 *
 * <p>While nothing is paused, polling is the subscription's own; the images are polled one by one only while a peer
 * is paused. A pause takes effect at the next poll, so a process may take up to one poll's fragments past its limit.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class DataPauses {
    private final ArrayList<Association> paused = new ArrayList<>();
    private final TransportCounters counters;
    private int nextImage;

    DataPauses(TransportCounters counters) {
        this.counters = counters;
    }

    /** Stops reading {@code peer}'s data until {@code target} has room again. */
    void pause(Association peer, Pid target) {
        if (peer.pausedFor == null) {
            paused.add(peer);
            counters.readPauses.increment();
        }
        peer.pausedFor = target;
    }

    /** @return how many peers were let go again: their process has room, or they are down */
    int resumeReady(Inbound inbound) {
        int resumed = 0;
        for (int i = paused.size() - 1; i >= 0; i--) {
            Association peer = paused.get(i);
            if (peer.isDown() || inbound.hasRoom(peer.pausedFor)) {
                peer.pausedFor = null;
                paused.remove(i);
                resumed++;
            }
        }
        return resumed;
    }

    /**
     * Polls the data or the large-message stream, leaving out the images of paused peers and of those whose stream
     * waits at a barrier for their other one ({@link StreamFences}).
     *
     * @param stream {@link PeerPublications#DATA} or {@link PeerPublications#LARGE}
     */
    int poll(Subscription data, int stream, ControlledFragmentHandler handler, int fragmentLimit,
             StreamFences fences) {
        if (paused.isEmpty() && fences.isEmpty()) {
            return data.controlledPoll(handler, fragmentLimit);
        }
        // A snapshot of the images (Aeron's conductor may change them meanwhile); it allocates, but only while paused.
        java.util.List<Image> images = data.images();
        int count = images.size();
        if (count == 0) {
            return 0;
        }
        int fragments = 0;
        int start = Math.floorMod(nextImage++, count);
        for (int i = 0; i < count && fragments < fragmentLimit; i++) {
            Image image = images.get((start + i) % count);
            int sessionId = image.sessionId();
            if (!isPaused(sessionId) && !fences.blocks(sessionId, stream)) {
                fragments += image.controlledPoll(handler, fragmentLimit - fragments);
            }
        }
        return fragments;
    }

    private boolean isPaused(int sessionId) {
        for (int i = 0; i < paused.size(); i++) {
            if (paused.get(i).peerSessionId == sessionId) {
                return true;
            }
        }
        return false;
    }

    /** @return the peers paused now */
    int size() {
        return paused.size();
    }
}
