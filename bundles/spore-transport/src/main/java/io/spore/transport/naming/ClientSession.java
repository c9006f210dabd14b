package io.spore.transport.naming;

import io.spore.transport.security.Cookie;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static io.spore.transport.naming.NameServiceProtocol.DENIED;
import static io.spore.transport.naming.NameServiceProtocol.ERR;

/**
 * A client's side of one name service connection once both sides proved the cookie (see
 * {@link NameServiceProtocol}): opened by {@link #open}, then {@link #verify} checks the MAC of each reply in order.
 *
 * <p>Not thread-safe: the thread that reads the connection's replies drives it.
 */
final class ClientSession {
    private final Cookie cookie;
    private final byte[] serverNonce;
    private final byte[] clientNonce;
    private int replies;

    /** Why a name service is not to be trusted, or does not trust us: never an answer to believe. */
    static final class ProofException extends IOException {
        private static final long serialVersionUID = 1L;

        private final boolean refusedUs;

        ProofException(boolean refusedUs, String message) {
            super(message);
            this.refusedUs = refusedUs;
        }

        /** @return whether the server refused our proof (its cookie differs), rather than failing its own */
        boolean refusedUs() {
            return refusedUs;
        }
    }

    private ClientSession(Cookie cookie, byte[] serverNonce, byte[] clientNonce) {
        this.cookie = cookie;
        this.serverNonce = serverNonce;
        this.clientNonce = clientNonce;
    }

    /**
     * Reads the greeting, proves the cookie and checks the server's proof. Give {@code in} a read timeout.
     *
     * @return the session, ready for requests
     * @throws ProofException when the server refuses our proof or does not prove the cookie itself
     * @throws IOException    when the connection fails, closes, or the server speaks another protocol (the message
     *                        quotes what it said)
     */
    static ClientSession open(InputStream in, OutputStream out, Cookie cookie) throws IOException {
        String greeting = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REQUEST_LENGTH);
        if (greeting == null) {
            throw new IOException("it closed the connection without a greeting");
        }
        String[] words = greeting.split(" ");
        byte[] serverNonce = words.length == 3 && words[0].equals(NameServiceProtocol.GREETING)
            && words[1].equals(NameServiceProtocol.VERSION)
            ? NameServiceProtocol.unhex(words[2], NameServiceProtocol.NONCE_LENGTH) : null;
        if (serverNonce == null) {
            throw new IOException(greeting.startsWith(ERR + " ") ? "it refused: " + shown(greeting)
                : "it greeted with '" + shown(greeting) + "', which is not the Spore name service protocol "
                + NameServiceProtocol.VERSION);
        }
        byte[] clientNonce = NameServiceProtocol.newNonce();
        NameServiceProtocol.writeLine(out, NameServiceProtocol.HELLO + " " + NameServiceProtocol.hex(clientNonce) + " "
            + NameServiceProtocol.clientProof(cookie, serverNonce, clientNonce));
        String welcome = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REQUEST_LENGTH);
        if (welcome == null) {
            throw new IOException("it closed the connection instead of proving the cookie");
        }
        if (welcome.startsWith(ERR + " " + DENIED)) {
            throw new ProofException(true, "it refused this node's cookie: it serves nodes with another cookie");
        }
        String expected = NameServiceProtocol.WELCOME + " "
            + NameServiceProtocol.serverProof(cookie, serverNonce, clientNonce);
        if (!NameServiceProtocol.sameProof(expected, welcome)) {
            throw new ProofException(false, "it does not prove the cookie (it answered '" + shown(welcome)
                + "'): whatever holds the port is not a node of this cluster");
        }
        return new ClientSession(cookie, serverNonce, clientNonce);
    }

    /**
     * Checks the next reply's MAC.
     *
     * @param request the request it answers, as sent
     * @param line    the reply as read
     * @return the reply without its MAC
     * @throws ProofException when the MAC is missing or wrong: a forged or altered answer
     */
    String verify(String request, String line) throws ProofException {
        int space = line.lastIndexOf(' ');
        String reply = space > 0 ? line.substring(0, space) : "";
        String mac = space > 0 ? line.substring(space + 1) : line;
        String expected = NameServiceProtocol.replyMac(cookie, serverNonce, clientNonce, replies, request, reply);
        if (!NameServiceProtocol.sameProof(expected, mac)) {
            throw new ProofException(false, "its answer '" + shown(line) + "' to '" + request + "' does not carry"
                + " the cookie's proof: a forged or altered answer");
        }
        replies++;
        return reply;
    }

    static String shown(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
