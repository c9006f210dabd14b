package io.spore.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.spore.wire.FrameReader;
import io.spore.wire.FrameType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Both halves of the DataBarrier protocol, side by side: how a call, reply or spawn frame (control stream) keeps its
 * order behind the messages and signals (data stream) its sender sent before it.
 *
 * <p>Sending ({@link Outgoing}, one per association): before such a frame, when data frames went to the peer since
 * the last barrier, a DataBarrier naming the data stream's position after them goes first on the control stream.
 * Receiving ({@link Incoming}, one per association, and {@link Holds}, the receiving thread's): the peer's ordered
 * frames are held while its data stream has not been read as far as its last barrier, and let go, in order, after
 * each poll of the data stream. Only to and from a peer whose handshake said it honours barriers.
 */
final class DataBarrier {
    private DataBarrier() {
    }

    /** @return whether {@code type} is ordered behind the data stream: calls, replies, spawn frames and barriers */
    static boolean isOrdered(FrameType type) {
        return switch (type) {
            case CALL_REQUEST, CALL_REPLY, SPAWN_REQUEST, SPAWN_REPLY, DATA_BARRIER -> true;
            default -> false;
        };
    }

    /**
     * The sending half for one peer: the data position the last barrier to it named.
     *
     * <p>Threading: any sending thread, and the agent as it flushes the pending queue.
     */
    static final class Outgoing {
        /**
         * The data position the last DataBarrier to the peer named: a call, reply or spawn frame needs a new barrier
         * only when data has been sent since. Senders race on it harmlessly: a lost update costs one barrier more.
         */
        private volatile long barrierSent;

        /**
         * Before a call, reply or spawn frame on the control stream: a DataBarrier naming where the data stream
         * ends, when data frames went to the peer since the last one, so that the peer handles the frame after
         * them. A sender calls it before each such frame, the agent before each one it flushes from the queue.
         * Nothing to do (and no cost but flushing what is staged) when no data went since.
         *
         * @param tally where the barrier's frame is counted: the calling thread's
         * @return 0 or more when the frame may follow; Aeron's negative result when the staged data or the barrier
         *         could not be offered now (try again)
         */
        long offerIfDue(Association peer, FrameWriter writer, Tally tally) {
            PeerPublications out = peer.publications();
            if (!peer.peerHonoursBarriers || out == null) {
                return 0;
            }
            long position = out.dataPosition();
            if (position < 0) {
                return position;
            }
            if (position <= barrierSent) {
                return 0;
            }
            int length = writer.dataBarrier(position);
            long result = out.offer(PeerPublications.CONTROL, writer.barrierBuffer(), 0, length);
            if (result > 0) {
                barrierSent = position;
                tally.sent(writer.barrierBuffer(), length);
            }
            return result;
        }
    }

    /**
     * The receiving half for one peer: the calls, replies and spawn frames that must wait until this node has read
     * the peer's data stream up to the position the peer's last barrier named.
     *
     * <p>A frame is held when the peer's data stream is behind the barrier, or when earlier frames are held already
     * (so they keep their order; later barriers are held in line too). Frames about the connection itself
     * (heartbeats, pings) are never held. Held frames are copies, made only while something is held.
     *
     * <p>Threading: the receiving thread only (the agent, or a helper holding the receive lock).
     */
    static final class Incoming {
        /** More held frames than this means the barrier will never be reached: the peer is treated as broken. */
        static final int LIMIT = 65_536;
        /**
         * More held bytes than this, likewise: a count alone would let a peer park 64 Ki largest frames (64 GiB) here.
         * Calls and replies behind a barrier are held only while the data stream catches up, a few milliseconds' worth.
         */
        static final long LIMIT_BYTES = 32L * 1024 * 1024;

        private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        private long heldBytes;
        /** Where the peer's large-message stream must be read to before its data stream is read on (StreamFences). */
        long dataWaitsForLarge;
        /** Where its data stream must be read to before its large-message stream is read on. */
        long largeWaitsForData;
        /** How far the peer's last large-message image that went away had been read; -1 before one did. */
        long largeEnd = -1;
        /** Whether the peer's data stream waits at a barrier now: what was read of it is not yet all in order. */
        boolean dataFenced;
        private long barrierPosition;
        private Image dataImage;

        /** @return whether frames are held, so a newly arrived ordered frame must join them */
        boolean isHolding() {
            return !frames.isEmpty();
        }

        /** A barrier not held: from now on ordered frames wait for the data stream to reach {@code position}. */
        void raise(long position) {
            barrierPosition = Math.max(barrierPosition, position);
        }

        /** @return whether the peer's data stream, as read so far, has reached the current barrier */
        boolean reached(Subscription data, int sessionId) {
            return barrierPosition == 0 || !dataFenced && dataPosition(data, sessionId) >= barrierPosition;
        }

        /**
         * Holds a copy of the frame; false when the peer is past {@link #LIMIT} frames or {@link #LIMIT_BYTES} bytes
         * and must be dropped (checked before the copy is made).
         */
        boolean hold(DirectBuffer buffer, int offset, int length) {
            if (frames.size() >= LIMIT || heldBytes + length > LIMIT_BYTES) {
                return false;
            }
            byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            frames.add(copy);
            heldBytes += length;
            return true;
        }

        /** @return the oldest held frame, or {@code null} */
        byte[] peek() {
            return frames.peek();
        }

        /** Drops the oldest held frame, once it has been handled. */
        void pop() {
            byte[] frame = frames.poll();
            if (frame != null) {
                heldBytes -= frame.length;
            }
        }

        /** The connection is gone: whatever was held goes with it. */
        void clear() {
            frames.clear();
            heldBytes = 0;
            dataImage = null;
        }

        private long dataPosition(Subscription data, int sessionId) {
            Image image = dataImage;
            if (image == null || image.isClosed()) {
                image = data.imageBySessionId(sessionId);
                dataImage = image;
            }
            return image == null ? Long.MIN_VALUE : image.position();
        }
    }

    /** What the receiving thread does with held frames. */
    interface Release {
        /** Handles a frame let go, as if it had just arrived (a failure is the callee's to count). */
        void released(FrameType type, Association peer);

        /** {@code peer} holds more than {@link Incoming#LIMIT} frames or {@link Incoming#LIMIT_BYTES} bytes. */
        void overflowed(Association peer, String why);
    }

    /**
     * The receiving thread's side: which peers hold frames, and the letting go after each poll.
     *
     * <p>Threading: the receiving thread only.
     */
    static final class Holds {
        private final FrameReader reader;
        private final Subscription data;
        private final Release release;
        /** Associations with control frames held behind a DataBarrier. */
        private final List<Association> holding = new ArrayList<>();
        private final UnsafeBuffer heldView = new UnsafeBuffer(new byte[0]);

        /**
         * @param reader  the receiving thread's reader, which the frame being handled is in
         * @param data    the data subscription, whose images say how far each peer's data was read
         * @param release where frames let go are handled
         */
        Holds(FrameReader reader, Subscription data, Release release) {
            this.reader = reader;
            this.data = data;
            this.release = release;
        }

        /** @return whether some peer holds frames, so that {@link #release()} is worth calling */
        boolean isEmpty() {
            return holding.isEmpty();
        }

        /**
         * An ordered frame from {@code peer} on the control stream (see {@link DataBarrier#isOrdered}): takes a
         * barrier in, or holds the frame while the peer's data stream has not been read as far as its last barrier,
         * or while earlier frames are held.
         *
         * @return whether the frame was taken care of here (a barrier, or held); false when it is to be handled now
         */
        boolean hold(FrameType type, Association peer, DirectBuffer buffer, int offset, int length) {
            Incoming held = peer.held;
            if (!held.isHolding()) {
                if (type == FrameType.DATA_BARRIER) {
                    held.raise(reader.dataBarrier().dataPosition());
                    return true;
                }
                if (held.reached(data, peer.peerSessionId)) {
                    return false;
                }
                holding.add(peer);
            }
            if (!held.hold(buffer, offset, length)) {
                held.clear();
                release.overflowed(peer, "more than " + Incoming.LIMIT + " of its calls and replies, or "
                    + Incoming.LIMIT_BYTES + " bytes of them, wait behind a data barrier its data stream never"
                    + " reaches");
            }
            return true;
        }

        /** After a poll: handles the held frames whose barrier the data stream has now reached, in order. */
        int release() {
            int released = 0;
            for (int i = holding.size() - 1; i >= 0; i--) {
                Association peer = holding.get(i);
                Incoming held = peer.held;
                if (peer.isDown()) {
                    held.clear();
                }
                for (byte[] frame = held.peek(); frame != null; frame = held.peek()) {
                    heldView.wrap(frame);
                    FrameType type = reader.read(heldView, 0, frame.length); // read once already: valid
                    if (type == FrameType.DATA_BARRIER) {
                        held.raise(reader.dataBarrier().dataPosition());
                    } else if (!held.reached(data, peer.peerSessionId)) {
                        break;
                    } else {
                        release.released(type, peer);
                        released++;
                    }
                    held.pop();
                }
                if (!held.isHolding()) {
                    holding.remove(i);
                }
            }
            return released;
        }
    }
}
