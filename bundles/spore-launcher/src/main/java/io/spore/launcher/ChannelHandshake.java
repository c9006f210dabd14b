package io.spore.launcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The node-manager channel's handshake, TLS 1.3's PSK-DHE in three flights over the callback connection:
 *
 * <pre>
 *   node    -> creator  CLIENT_HELLO   "SPOREMGR" u16 version | nonce[32] | X25519 key[32] | u8 length | node name
 *   creator -> node     SERVER_HELLO   "SPOREMGR" u16 version | nonce[32] | X25519 key[32]
 *                       CREATOR_PROOF  HMAC over the transcript of the two hellos
 *   node    -> creator  NODE_PROOF     HMAC over the transcript through the creator's proof
 * </pre>
 *
 * then sealed records both ways ({@link SealedChannel}), with the keys of {@link ChannelKeys}. The token is in no
 * frame: each side proves it holds it with a MAC keyed by it and by the ephemeral secret, and checks the other's
 * proof in constant time. Either side that gives up says why in an {@link ChannelFrame#ALERT} and closes; a peer of
 * another protocol version is told both versions in one line. Everything read is bounded (frame lengths) and the
 * whole handshake has one deadline (a peer that drips bytes is cut off like a silent one).
 *
 * <p>Stateless; each call runs one handshake on its caller's thread.
 */
final class ChannelHandshake {
    /** The protocol this Spore speaks; changes whenever a frame's layout or the key schedule does. */
    static final int VERSION = 1;
    private static final byte[] MAGIC = "SPOREMGR".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_LENGTH = 32;
    private static final int SERVER_HELLO_LENGTH = MAGIC.length + 2 + NONCE_LENGTH + ChannelX25519.KEY_LENGTH;
    private static final int MAX_NAME_BYTES = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChannelHandshake() {
    }

    /**
     * The node's side: greets the creator, checks its proof, proves the token in turn.
     *
     * @param socket     connected to the creator's callback port
     * @param token      the token read from standard input
     * @param nodeName   this node's name, sent in the hello and bound into the transcript
     * @param deadlineNs {@link System#nanoTime()} by which the handshake must be done
     * @return the sealed channel
     * @throws ChannelException when the creator refuses, its proof does not match, or it speaks another version
     * @throws IOException      when the connection fails
     */
    static SealedChannel asNode(Socket socket, String token, String nodeName, long deadlineNs) throws IOException {
        InputStream buffered = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        InputStream in = new DeadlineInput(buffered, socket, deadlineNs, "the handshake with the creator");
        ChannelKeys.Transcript transcript = new ChannelKeys.Transcript();
        KeyPair ephemeral = ChannelX25519.generate(RANDOM);
        byte[] name = nodeName.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME_BYTES) {
            throw new ChannelException("the node name " + nodeName + " is longer than " + MAX_NAME_BYTES + " bytes");
        }
        ByteBuffer hello = ByteBuffer.allocate(MAGIC.length + 2 + NONCE_LENGTH + ChannelX25519.KEY_LENGTH + 1
            + name.length);
        hello.put(MAGIC).putShort((short) VERSION).put(nonce()).put(ChannelX25519.encode(ephemeral))
            .put((byte) name.length).put(name);
        ChannelFrame clientHello = new ChannelFrame(ChannelFrame.CLIENT_HELLO, hello.array());
        clientHello.writeTo(out);
        out.flush();
        transcript.add(clientHello);

        ChannelFrame first = ChannelFrame.read(in);
        if (first == null) {
            // What a creator from before the sealed channel does with a greeting it cannot parse.
            throw new ChannelException("the creator closed the connection without answering the greeting (a creator"
                + " of a Spore from before the sealed channel does: run the same Spore version on both hosts)");
        }
        ChannelFrame serverHello = check(first, ChannelFrame.SERVER_HELLO, "the creator");
        ByteBuffer answer = ByteBuffer.wrap(serverHello.body());
        checkGreeting(answer, serverHello.body().length, SERVER_HELLO_LENGTH, "the creator", "this node", out);
        answer.position(answer.position() + NONCE_LENGTH);
        byte[] creatorKey = new byte[ChannelX25519.KEY_LENGTH];
        answer.get(creatorKey);
        transcript.add(serverHello);
        byte[] helloHash = transcript.hash();

        ChannelFrame creatorProof = expect(in, ChannelFrame.CREATOR_PROOF, "the creator");
        ChannelKeys keys = ChannelKeys.derive(token, agree(ephemeral, creatorKey, out));
        if (!MessageDigest.isEqual(keys.creatorProof(helloHash), creatorProof.body())) {
            throw refuse(out, "the creator's proof does not match the token on this node's standard input (a"
                + " creator that did not start this node, or a handshake changed in transit)");
        }
        transcript.add(creatorProof);
        byte[] proofHash = transcript.hash();
        new ChannelFrame(ChannelFrame.NODE_PROOF, keys.nodeProof(proofHash)).writeTo(out);
        out.flush();
        return new SealedChannel(socket, buffered, out, new RecordSealer(keys.nodeToCreator(proofHash)),
            new RecordOpener(keys.creatorToNode(proofHash), "the creator"), "the creator", null);
    }

    /**
     * The creator's side: answers a node's hello with its own and its proof, then checks the node's proof.
     *
     * @param socket     accepted on the callback port
     * @param token      the token written to the started node's standard input
     * @param deadlineNs {@link System#nanoTime()} by which the handshake must be done
     * @return the sealed channel; its {@link SealedChannel#peerName()} is the name in the node's hello
     * @throws ChannelException when the peer is not a node of this protocol version, or does not prove the token
     * @throws IOException      when the connection fails
     */
    static SealedChannel asCreator(Socket socket, String token, long deadlineNs) throws IOException {
        InputStream buffered = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        InputStream in = new DeadlineInput(buffered, socket, deadlineNs, "the handshake with the node");
        ChannelKeys.Transcript transcript = new ChannelKeys.Transcript();
        ChannelFrame clientHello;
        try {
            clientHello = expect(in, ChannelFrame.CLIENT_HELLO, "the node");
        } catch (ChannelFrame.OldProtocolException e) {
            // An older node reads one JSON line and prints its error: tell it why, in its own language.
            out.write((Json.write(ManagerMessage.refused("this creator speaks the sealed manager protocol "
                + VERSION + ": run the same Spore version on both hosts")) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw e;
        }
        byte[] body = clientHello.body();
        ByteBuffer hello = ByteBuffer.wrap(body);
        int fixed = MAGIC.length + 2 + NONCE_LENGTH + ChannelX25519.KEY_LENGTH + 1;
        checkGreeting(hello, body.length, -1, "the node", "this creator", out);
        if (body.length < fixed || body.length != fixed + (body[fixed - 1] & 0xff)) {
            throw refuse(out, "a client hello of " + body.length + " bytes does not hold what it says");
        }
        hello.position(hello.position() + NONCE_LENGTH);
        byte[] nodeKey = new byte[ChannelX25519.KEY_LENGTH];
        hello.get(nodeKey);
        String nodeName = new String(body, fixed, body.length - fixed, StandardCharsets.UTF_8)
            .replaceAll("\\p{Cntrl}", "?");
        transcript.add(clientHello);

        KeyPair ephemeral = ChannelX25519.generate(RANDOM);
        ByteBuffer answer = ByteBuffer.allocate(SERVER_HELLO_LENGTH);
        answer.put(MAGIC).putShort((short) VERSION).put(nonce()).put(ChannelX25519.encode(ephemeral));
        ChannelFrame serverHello = new ChannelFrame(ChannelFrame.SERVER_HELLO, answer.array());
        transcript.add(serverHello);
        ChannelKeys keys = ChannelKeys.derive(token, agree(ephemeral, nodeKey, out));
        ChannelFrame creatorProof = new ChannelFrame(ChannelFrame.CREATOR_PROOF,
            keys.creatorProof(transcript.hash()));
        serverHello.writeTo(out);
        creatorProof.writeTo(out);
        out.flush();
        transcript.add(creatorProof);
        byte[] proofHash = transcript.hash();

        ChannelFrame nodeProof = expect(in, ChannelFrame.NODE_PROOF, "the node");
        if (!MessageDigest.isEqual(keys.nodeProof(proofHash), nodeProof.body())) {
            throw refuse(out, "the node's proof does not match the token this creator wrote to its standard input"
                + " (not the node it started, or a handshake changed in transit)");
        }
        return new SealedChannel(socket, buffered, out, new RecordSealer(keys.creatorToNode(proofHash)),
            new RecordOpener(keys.nodeToCreator(proofHash), "the node"), "the node", nodeName);
    }

    private static ChannelFrame expect(InputStream in, byte type, String peer) throws IOException {
        ChannelFrame frame = ChannelFrame.read(in);
        if (frame == null) {
            throw new ChannelException(peer + " closed the connection during the handshake");
        }
        return check(frame, type, peer);
    }

    private static ChannelFrame check(ChannelFrame frame, byte type, String peer) throws ChannelException {
        if (frame.type() == ChannelFrame.ALERT) {
            throw new ChannelException(peer + " gave up the handshake: " + frame.alertText());
        }
        if (frame.type() != type) {
            throw new ChannelException("a " + ChannelFrame.name(frame.type()) + " frame from " + peer + " where a "
                + ChannelFrame.name(type) + " was due");
        }
        return frame;
    }

    /** Checks a hello's magic and version, and its length when {@code length} is not -1. */
    private static void checkGreeting(ByteBuffer hello, int bodyLength, int length, String peer, String self,
                                      OutputStream out) throws IOException {
        if (bodyLength < MAGIC.length + 2) {
            throw refuse(out, "a greeting too short to be a Spore node manager's");
        }
        byte[] magic = new byte[MAGIC.length];
        hello.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw refuse(out, "not a Spore node manager's greeting");
        }
        int version = hello.getShort() & 0xffff;
        if (version != VERSION) {
            throw refuse(out, peer + " speaks manager protocol " + version + " and " + self + " " + VERSION
                + ": run the same Spore version on both hosts");
        }
        if (length != -1 && bodyLength != length) {
            throw refuse(out, "a greeting of " + bodyLength + " bytes where " + length + " were due");
        }
    }

    private static byte[] agree(KeyPair ephemeral, byte[] peerKey, OutputStream out) throws IOException {
        try {
            return ChannelX25519.agree(ephemeral, peerKey);
        } catch (ChannelException e) {
            throw refuse(out, e.getMessage());
        }
    }

    /** Tells the peer why (best effort: it may be gone) and returns the exception to throw. */
    private static ChannelException refuse(OutputStream out, String reason) {
        try {
            ChannelFrame.alert(reason).writeTo(out);
            out.flush();
        } catch (IOException e) {
            // The peer is gone; the reason is still ours to log.
        }
        return new ChannelException(reason);
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
