package io.spore.transport.naming;

import io.spore.transport.security.Cookie;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw connection to a name server, for speaking the protocol (and abusing it) in tests. Made with
 * {@link #LineClient(int)} it has proven the test cookie, and {@link #ask} checks and removes each answer's MAC; made
 * with {@link #unauthenticated} it has only read the greeting.
 */
final class LineClient implements AutoCloseable {
    /** The cookie of the tests' name servers. */
    static final Cookie COOKIE = Cookie.of("the-name-service-test-secret");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private final ClientSession session;

    LineClient(int port) throws IOException {
        this(port, COOKIE);
    }

    /** Connects and proves {@code cookie}; fails when the server refuses it or does not prove it back. */
    LineClient(int port, Cookie cookie) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            greeting = null;
            session = cookie == null ? null : ClientSession.open(in, out, cookie);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readLine();
        session = null;
    }

    /** @return a connection that read the greeting and proved nothing */
    static LineClient unauthenticated(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            return new LineClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** @return the server's first line, for an unauthenticated connection */
    String greeting() {
        return greeting;
    }

    /** Sends a request and reads its answer, whose MAC is checked and removed once the cookie was proven. */
    String ask(String request) throws IOException {
        sendRaw(request + "\n");
        String line = readLine();
        if (session == null || line == null) {
            return line;
        }
        // The server reads a line without its "\r", and signs the request as it read it.
        return session.verify(request.endsWith("\r") ? request.substring(0, request.length() - 1) : request, line);
    }

    void sendRaw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** @return the next line as sent, MAC included, or null once the server closed the connection */
    String readLine() throws IOException {
        return NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REPLY_LENGTH);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
