package io.spore.transport;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link ChunkAssembler} of each authenticated peer's control and data stream, by Aeron session, made on the
 * peer's first chunk and let go when its image goes away.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class InboundChunks {
    private final int maxFrameLength;
    private final LongAdder rejected;
    private final Int2ObjectHashMap<ChunkAssembler> control = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<ChunkAssembler> data = new Int2ObjectHashMap<>();

    /**
     * @param maxFrameLength the longest frame a peer may send this node
     * @param rejected       where the chunks dropped are counted
     */
    InboundChunks(int maxFrameLength, LongAdder rejected) {
        this.maxFrameLength = maxFrameLength;
        this.rejected = rejected;
    }

    /** @return the assembler of {@code sessionId}'s control or data stream, made if it has none */
    ChunkAssembler of(int sessionId, boolean isControl) {
        Int2ObjectHashMap<ChunkAssembler> bySession = isControl ? control : data;
        ChunkAssembler assembler = bySession.get(sessionId);
        if (assembler == null) {
            assembler = new ChunkAssembler(maxFrameLength, rejected);
            bySession.put(sessionId, assembler);
        }
        return assembler;
    }

    /** Lets go of what a session's image held: it went away. */
    void freeSession(int sessionId, boolean isControl) {
        (isControl ? control : data).remove(sessionId);
    }

    /** @return the streams with an assembler, for tests */
    int streams() {
        return control.size() + data.size();
    }
}
