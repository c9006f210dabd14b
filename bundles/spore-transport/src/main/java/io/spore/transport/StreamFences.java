package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FragmentHandler;

import java.util.ArrayList;

/**
 * The receiving half of {@link LargeLane}'s barriers: a DataBarrier that arrives on a peer's data stream names a
 * position of its large-message stream, and one on the large stream a position of its data stream; the stream it
 * arrived on is read no further until the other has been read that far. So a message that left a sender's lane
 * follows its large ones, and a large one follows its sender's earlier messages.
 *
 * <p>How the reading stops: the stream is polled through {@link #controlled}, which ends the poll of that image right
 * after the fragment that raised a fence (Aeron's {@code BREAK}: consumed, nothing after it); later polls leave the
 * image out ({@link #blocks}) until the fence is reached, then it is lifted. While a peer's large stream has no
 * image (closed while idle, and not yet open again), it counts as read as far as its last image was: the sender goes
 * on from there when it opens the stream again ({@link LargeStream}).
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class StreamFences {
    private final Subscription data;
    private final Subscription large;
    /** The peers with a fence up on either stream. */
    private final ArrayList<Association> fenced = new ArrayList<>();
    /** Set when the frame just handled raised a fence not yet reached: the poll of its image ends there. */
    private boolean brake;

    StreamFences(Subscription data, Subscription large) {
        this.data = data;
        this.large = large;
    }

    /** @return a handler that polls through {@code handler} and ends an image's poll at a fence raised in it */
    ControlledFragmentHandler controlled(FragmentHandler handler) {
        return (buffer, offset, length, header) -> {
            handler.onFragment(buffer, offset, length, header);
            if (brake) {
                brake = false;
                return ControlledFragmentHandler.Action.BREAK;
            }
            return ControlledFragmentHandler.Action.CONTINUE;
        };
    }

    /**
     * A DataBarrier from {@code peer} on its data or large stream: that stream waits until the other has been read
     * to {@code position}.
     *
     * @param stream {@link PeerPublications#DATA} or {@link PeerPublications#LARGE}, where it arrived
     */
    void raise(Association peer, int stream, long position) {
        DataBarrier.Incoming held = peer.held;
        if (stream == PeerPublications.DATA) {
            held.dataWaitsForLarge = Math.max(held.dataWaitsForLarge, position);
        } else {
            held.largeWaitsForData = Math.max(held.largeWaitsForData, position);
        }
        if (!reached(peer, stream)) {
            if (!fenced.contains(peer)) {
                fenced.add(peer);
            }
            held.dataFenced |= stream == PeerPublications.DATA; // calls behind this data wait with it
            brake = true;
        }
    }

    /** @return whether {@code sessionId}'s image of {@code stream} must not be read now */
    boolean blocks(int sessionId, int stream) {
        for (int i = 0; i < fenced.size(); i++) {
            Association peer = fenced.get(i);
            if (peer.peerSessionId == sessionId) {
                return !reached(peer, stream);
            }
        }
        return false;
    }

    /** @return whether no fence is up, so that streams may be polled whole */
    boolean isEmpty() {
        return fenced.isEmpty();
    }

    /** Lifts the fences now reached, and those of peers that went down. @return how many peers are free again */
    int lift() {
        int lifted = 0;
        for (int i = fenced.size() - 1; i >= 0; i--) {
            Association peer = fenced.get(i);
            if (peer.isDown() || reached(peer, PeerPublications.DATA) && reached(peer, PeerPublications.LARGE)) {
                peer.held.dataFenced = false;
                fenced.remove(i);
                lifted++;
            }
        }
        return lifted;
    }

    /** A peer's large-message image went away, read to {@code position}: the stream ended there, for now. */
    static void largeImageGone(Association peer, long position) {
        peer.held.largeEnd = Math.max(peer.held.largeEnd, position);
    }

    private boolean reached(Association peer, int stream) {
        DataBarrier.Incoming held = peer.held;
        if (stream == PeerPublications.DATA) {
            if (held.dataWaitsForLarge == 0) {
                return true;
            }
            Image image = large.imageBySessionId(peer.peerSessionId);
            long read = image == null ? held.largeEnd : image.position();
            return read >= held.dataWaitsForLarge;
        }
        if (held.largeWaitsForData == 0) {
            return true;
        }
        Image image = data.imageBySessionId(peer.peerSessionId);
        return image == null || image.position() >= held.largeWaitsForData;
    }
}
