package io.spore.transport;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Joins the fragments of a message that Aeron split, per session, and hands the whole message on; like Aeron's
 * {@code FragmentAssembler}, but bounded.
 *
 * <p>Why not Aeron's: it grows a session's buffer for as long as fragments keep coming, and a sender chooses its own
 * term length, so a stranger could make a node assemble a message of up to an eighth of a gigabyte term before any
 * check. Here a message stops being assembled as soon as it passes the largest frame a peer may send: it is dropped
 * and counted, and the rest of its fragments are skipped until the next message begins. A buffer that grew for a
 * large message is let go once the message is handed on, and a session's buffer is freed when its image goes away
 * ({@link #freeSession(int)}), so what a session can hold is one largest frame, for as long as it is connected.
 *
 * <p>Threading: the thread doing the receiving work only.
 */
final class BoundedFragmentAssembler implements FragmentHandler {
    /** Buffers up to this size are kept for the session's next message; larger ones are let go. */
    static final int KEPT_CAPACITY = 64 * 1024;

    /** A message being assembled for one session. */
    private static final class Assembly {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        int length;
        /** The current message passed the bound (or began mid-way): its remaining fragments are skipped. */
        boolean skipping;
    }

    private final FragmentHandler delegate;
    private final int maxMessageLength;
    private final Runnable oversized;
    private final Int2ObjectHashMap<Assembly> bySession = new Int2ObjectHashMap<>();

    /**
     * @param delegate         takes each whole message
     * @param maxMessageLength the largest message assembled; a longer one is dropped
     * @param oversized        told of each message dropped for its length
     */
    BoundedFragmentAssembler(FragmentHandler delegate, int maxMessageLength, Runnable oversized) {
        this.delegate = delegate;
        this.maxMessageLength = maxMessageLength;
        this.oversized = oversized;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        byte flags = header.flags();
        if ((flags & FrameDescriptor.UNFRAGMENTED) == FrameDescriptor.UNFRAGMENTED) {
            delegate.onFragment(buffer, offset, length, header);
            return;
        }
        int sessionId = header.sessionId();
        Assembly assembly = bySession.get(sessionId);
        if ((flags & FrameDescriptor.BEGIN_FRAG_FLAG) == FrameDescriptor.BEGIN_FRAG_FLAG) {
            if (assembly == null) {
                assembly = new Assembly();
                bySession.put(sessionId, assembly);
            }
            assembly.length = 0;
            assembly.skipping = false;
        } else if (assembly == null || assembly.skipping || assembly.length == 0) {
            return; // the rest of a message that was dropped, or whose beginning this node never saw
        }
        if (length > maxMessageLength - assembly.length) {
            assembly.skipping = true;
            assembly.length = 0;
            shrink(assembly);
            oversized.run();
            return;
        }
        assembly.buffer.putBytes(assembly.length, buffer, offset, length);
        assembly.length += length;
        if ((flags & FrameDescriptor.END_FRAG_FLAG) == FrameDescriptor.END_FRAG_FLAG) {
            int whole = assembly.length;
            assembly.length = 0;
            try {
                delegate.onFragment(assembly.buffer, 0, whole, header);
            } finally {
                shrink(assembly);
            }
        }
    }

    private static void shrink(Assembly assembly) {
        if (assembly.buffer.capacity() > KEPT_CAPACITY) {
            assembly.buffer = new ExpandableArrayBuffer(4096);
        }
    }

    /** Lets go of what a session's image held: it went away. */
    void freeSession(int sessionId) {
        bySession.remove(sessionId);
    }

    /** @return the sessions with an assembly buffer, for tests and statistics */
    int sessions() {
        return bySession.size();
    }
}
