package io.spore.distribution;

import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.spore.distribution.framework.AeronDirs;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a node process will write its next Aeron message on a stream: session id, term id and term offset, read
 * from the log buffer of its publication in its media driver's folder, as another process of the same user can. A
 * log buffer ends with its metadata: the initial term id, the term length, the tail of each term and the default
 * frame header, which carries the session and stream id.
 *
 * @param sessionId the publication's Aeron session id
 * @param streamId  its stream id
 * @param termId    the term the next message goes into
 * @param termOffset the offset in that term where it starts
 */
record NextFramePosition(int sessionId, int streamId, int termId, int termOffset) {
    /** The folder of a driver's publication log buffers, named by registration id. */
    private static final String PUBLICATIONS = "publications";

    /**
     * @param nodePid  the node process (its embedded driver's folder is the one it maps)
     * @param streamId the stream, e.g. Spore's data stream 1002
     * @return the next position of every connected publication of that stream the node's driver holds
     */
    static List<NextFramePosition> of(long nodePid, int streamId) throws IOException {
        List<NextFramePosition> found = new ArrayList<>();
        for (Path dir : AeronDirs.mappedBy(nodePid)) {
            Path publications = dir.resolve(PUBLICATIONS);
            if (!Files.isDirectory(publications)) {
                continue;
            }
            try (Stream<Path> logs = Files.list(publications)) {
                for (Path log : logs.toList()) {
                    NextFramePosition next = read(log);
                    if (next != null && next.streamId == streamId) {
                        found.add(next);
                    }
                }
            }
        }
        return found;
    }

    /** @return the next position of the publication logged in {@code log}, or {@code null} if not connected */
    private static NextFramePosition read(Path log) throws IOException {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < LogBufferDescriptor.LOG_META_DATA_LENGTH) {
                return null;
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY,
                size - LogBufferDescriptor.LOG_META_DATA_LENGTH, LogBufferDescriptor.LOG_META_DATA_LENGTH);
            UnsafeBuffer metadata = new UnsafeBuffer(mapped);
            if (!LogBufferDescriptor.isConnected(metadata)) {
                return null;
            }
            int termLength = LogBufferDescriptor.termLength(metadata);
            int index = LogBufferDescriptor.indexByTermCount(LogBufferDescriptor.activeTermCount(metadata));
            long rawTail = LogBufferDescriptor.rawTailVolatile(metadata, index);
            DataHeaderFlyweight header = new DataHeaderFlyweight(LogBufferDescriptor.defaultFrameHeader(metadata));
            return new NextFramePosition(header.sessionId(), header.streamId(), LogBufferDescriptor.termId(rawTail),
                LogBufferDescriptor.termOffset(rawTail, termLength));
        }
    }
}
