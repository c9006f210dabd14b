package io.spore.wire;

import io.spore.api.NodeName;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.StaleSessionDecoder;
import io.spore.wire.sbe.StaleSessionEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A StaleSession frame as it travels: the text of an Aeron error frame, {@value #PREFIX} followed by the frame's bytes
 * in lowercase hex (see the schema's header comment, Stale sessions). A node that receives frames of a session it
 * has no connection for rejects that session's image with this text; the sender's media driver hands it to the
 * client that owns the publication, whose transport reads it here.
 *
 * <p>Why text in an error frame: the receiver knows the source address of the session's packets but not the port
 * its sender listens on, so it cannot open a publication back; Aeron's error frame goes to the sending socket itself.
 * Aeron's error message is ASCII of at most 1023 bytes; a notice is about 120.
 *
 * <p>Threading: immutable. Making or reading one allocates; it is rare (rate-limited by the sender of notices).
 */
public final class StaleSessionNotice {
    /** What an error message that carries a notice starts with; the version is the notice's, not the schema's. */
    public static final String PREFIX = "spore-stale-session-v1 ";

    private static final int FRAME_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + StaleSessionEncoder.BLOCK_LENGTH;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int sessionId;
    private final int creation;
    private final byte[] proof;

    private StaleSessionNotice(int sessionId, int creation, byte[] proof) {
        this.sessionId = sessionId;
        this.creation = creation;
        this.proof = proof;
    }

    /**
     * The notice a node gives for a session it does not know, with its proof.
     *
     * @param cookie    the cookie's bytes
     * @param receiver  this node, which received the session's frames
     * @param creation  this node's creation
     * @param sessionId the Aeron session id it has no connection for
     * @return the notice
     * @throws io.spore.api.SporeException {@code INVALID_ARGUMENT} when the cookie is empty
     */
    public static StaleSessionNotice signed(byte[] cookie, NodeName receiver, int creation, int sessionId) {
        return new StaleSessionNotice(sessionId, creation,
            HandshakeProof.staleSession(cookie, receiver, creation, sessionId));
    }

    /**
     * Reads a notice from an error frame's message.
     *
     * @param text the message of an Aeron error frame, any
     * @return the notice, or {@code null} when the text is not one (Aeron's own reasons, another program's)
     * @throws MalformedFrameException when the text starts like a notice but does not hold a valid StaleSession frame
     */
    public static StaleSessionNotice parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        int digits = text.length() - PREFIX.length();
        if (digits % 2 != 0 || digits / 2 > 4 * FRAME_LENGTH) {
            throw new MalformedFrameException(MalformedFrameException.Problem.TRUNCATED,
                "a stale-session notice of " + digits + " hex digits");
        }
        byte[] bytes = new byte[digits / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(text.charAt(PREFIX.length() + 2 * i), 16);
            int low = Character.digit(text.charAt(PREFIX.length() + 2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE,
                    "a stale-session notice with a character that is not a hex digit");
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        FrameReader reader = new FrameReader(4 * FRAME_LENGTH);
        FrameType type = reader.read(new UnsafeBuffer(bytes), 0, bytes.length);
        if (type != FrameType.STALE_SESSION) {
            throw new MalformedFrameException(MalformedFrameException.Problem.BAD_VALUE,
                "a stale-session notice that holds a " + type + " frame");
        }
        StaleSessionDecoder frame = reader.staleSession();
        byte[] proof = new byte[HandshakeProof.PROOF_LENGTH];
        frame.getProof(proof, 0, proof.length);
        return new StaleSessionNotice(frame.sessionId(), frame.creation(), proof);
    }

    /** @return the error message that carries this notice */
    public String toText() {
        byte[] bytes = new byte[FRAME_LENGTH];
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        new StaleSessionEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sessionId(sessionId).creation(creation).putProof(proof, 0, proof.length);
        StringBuilder text = new StringBuilder(PREFIX.length() + 2 * bytes.length).append(PREFIX);
        for (byte b : bytes) {
            text.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return text.toString();
    }

    /**
     * Whether the notice was made by a holder of {@code cookie} as {@code receiver}: compared in constant time.
     *
     * @param cookie   the cookie's bytes
     * @param receiver the node the notice's sender is expected to be (the peer of the connection it names)
     * @return whether the proof checks
     */
    public boolean provenBy(byte[] cookie, NodeName receiver) {
        return HandshakeProof.matches(HandshakeProof.staleSession(cookie, receiver, creation, sessionId), proof);
    }

    /** @return the Aeron session id the receiving node has no connection for */
    public int sessionId() {
        return sessionId;
    }

    /** @return the receiving node's creation */
    public int creation() {
        return creation;
    }

    @Override
    public String toString() {
        return "StaleSessionNotice[session " + sessionId + ", creation " + creation + "]";
    }
}
