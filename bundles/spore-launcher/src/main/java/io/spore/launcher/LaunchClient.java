package io.spore.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Talks to the launch daemon on this host: one connection per {@link Request}, one {@link Reply}. Stateless and
 * thread-safe; each call blocks until the daemon answers (a stop waits for its programs to end).
 */
public final class LaunchClient {
    private final Path socket;

    /** @param socket the daemon's socket; {@code null} for {@link LaunchSocket#defaultPath()} */
    public LaunchClient(Path socket) {
        this.socket = socket == null ? LaunchSocket.defaultPath() : socket.toAbsolutePath();
    }

    /** @return the socket this client talks to */
    public Path socket() {
        return socket;
    }

    /**
     * Sends the request and returns the daemon's reply, successful or not.
     *
     * @throws LaunchException when no daemon can be reached on the socket, saying why
     */
    public Reply send(Request request) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStreamWriter out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
            Json.writeLine(out, request);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
            String line = Json.readLine(in);
            if (line == null) {
                throw new LaunchException("the launcher on " + socket + " closed the connection without answering");
            }
            return Json.read(line, Reply.class);
        } catch (AccessDeniedException e) {
            throw denied();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                throw denied();
            }
            if (!Files.exists(socket)) {
                throw new LaunchException("no launcher serves " + socket + ": start one with 'spore launch serve'");
            }
            throw new LaunchException("cannot reach the launcher on " + socket + ": " + e.getMessage()
                + " (if it was killed, start it again with 'spore launch serve')");
        }
    }

    /**
     * Sends the request and returns a successful reply.
     *
     * @throws LaunchException with the daemon's error when it refused or failed
     */
    public Reply require(Request request) {
        Reply reply = send(request);
        if (!reply.ok()) {
            throw new LaunchException(reply.error());
        }
        return reply;
    }

    private LaunchException denied() {
        return new LaunchException("permission denied on " + socket + ": a launcher serves only the user who"
            + " started it; start your own with 'spore launch serve'");
    }

    /** @return whether a daemon answers on the socket (it is not a leftover of a killed one) */
    static boolean isServing(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
