package io.spore.transport;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link ChunkAssembler} of each authenticated peer's streams (control, data, large messages), by Aeron session,
 * made on the peer's first chunk and let go when its image goes away; the assemblers of one session share a
 * {@link ChunkAssembler.Budget}.
 *
 * <p>Why a budget per peer: each stream may join one frame at a time, and a frame may be as long as the largest
 * message, so without it a peer could make this node hold three largest frames (768 MiB at 256 MiB). The budget is
 * one largest frame and {@link #BESIDE_LARGEST} bytes besides, for the ordinary chunked frames (calls, replies and
 * messages between a chunk's length and the large-message threshold) of the other streams meanwhile.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class InboundChunks {
    /** Bytes a peer may have joined on its other streams while one largest frame is being joined. */
    static final int BESIDE_LARGEST = 2 * 1024 * 1024;

    /** One session's assemblers, by stream, and their budget. */
    private static final class Session {
        final ChunkAssembler.Budget budget;
        final ChunkAssembler[] streams = new ChunkAssembler[PeerPublications.STREAMS];

        Session(long limitBytes) {
            budget = new ChunkAssembler.Budget(limitBytes);
        }
    }

    private final int maxFrameLength;
    private final LongAdder rejected;
    private final Int2ObjectHashMap<Session> sessions = new Int2ObjectHashMap<>();

    /**
     * @param maxFrameLength the longest frame a peer may send this node
     * @param rejected       where the chunks dropped are counted
     */
    InboundChunks(int maxFrameLength, LongAdder rejected) {
        this.maxFrameLength = maxFrameLength;
        this.rejected = rejected;
    }

    /**
     * @param stream {@link PeerPublications#CONTROL}, {@link PeerPublications#DATA} or {@link PeerPublications#LARGE}
     * @return the assembler of {@code sessionId}'s stream, made if it has none
     */
    ChunkAssembler of(int sessionId, int stream) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            session = new Session((long) maxFrameLength + BESIDE_LARGEST);
            sessions.put(sessionId, session);
        }
        ChunkAssembler assembler = session.streams[stream];
        if (assembler == null) {
            assembler = new ChunkAssembler(maxFrameLength, rejected, session.budget, stream == PeerPublications.LARGE);
            session.streams[stream] = assembler;
        }
        return assembler;
    }

    /** Lets go of what a session's image of {@code stream} held: it went away. */
    void freeSession(int sessionId, int stream) {
        Session session = sessions.get(sessionId);
        if (session == null || session.streams[stream] == null) {
            return;
        }
        session.streams[stream].discard();
        session.streams[stream] = null;
        for (ChunkAssembler assembler : session.streams) {
            if (assembler != null) {
                return;
            }
        }
        sessions.remove(sessionId);
    }

    /** @return the bytes the frames being joined for {@code sessionId} announced, for tests */
    long reservedBytes(int sessionId) {
        Session session = sessions.get(sessionId);
        return session == null ? 0 : session.budget.reservedBytes();
    }

    /** @return the streams with an assembler, for tests */
    int streams() {
        int streams = 0;
        for (Session session : sessions.values()) {
            for (ChunkAssembler assembler : session.streams) {
                streams += assembler == null ? 0 : 1;
            }
        }
        return streams;
    }
}
