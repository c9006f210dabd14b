package io.spore.transport.naming;

import io.spore.api.SporeException;
import io.spore.transport.security.Cookie;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One-shot questions to a host's name service, local or remote: each opens a connection, proves the cookie and checks
 * the server's proof, asks, reads the one-line answer, checks its MAC and closes. An answer that does not carry the
 * cookie's proof is never believed: it fails as {@code NODE_DOWN}, saying the answer was forged.
 *
 * <p>Thread-safe: stateless. Blocks the caller for at most about four times the timeout: to connect, and then for
 * each of the greeting, the server's proof and the answer.
 */
public final class NameServiceClient {
    private NameServiceClient() {
    }

    /**
     * @param host    the host whose name service to ask
     * @param port    its well-known port
     * @param cookie  the cluster's cookie, proven to the name service and expected from it
     * @param name    the node's name, the part before {@code @}
     * @param timeout how long to wait to connect, and then for each line of the answer
     * @return the node's UDP port, or empty when no node of that name is registered there
     * @throws SporeException {@code INVALID_NAME} when {@code name} is not a valid node name;
     *                        {@code NODE_DOWN} when the name service cannot be reached, does not answer properly,
     *                        refuses our cookie, or answers without proving the cookie (a forged answer)
     */
    public static OptionalInt lookup(String host, int port, Cookie cookie, String name, Duration timeout) {
        if (name == null || !NameServiceProtocol.isValidName(name)) {
            throw new SporeException(SporeException.Reason.INVALID_NAME, "invalid node name '" + name
                + "': use 1 to 64 letters, digits, _ or -");
        }
        String reply = ask(host, port, cookie, NameServiceProtocol.LOOKUP + " " + name, timeout);
        if (reply.startsWith(NameServiceProtocol.PORT + " ")) {
            int udpPort = NameServiceProtocol.parsePort(reply.substring(NameServiceProtocol.PORT.length() + 1));
            if (udpPort > 0) {
                return OptionalInt.of(udpPort);
            }
        } else if (reply.startsWith(NameServiceProtocol.ERR + " " + NameServiceProtocol.UNKNOWN)) {
            return OptionalInt.empty();
        }
        throw strange(host, port, reply);
    }

    /**
     * @param host    the host whose name service to ask
     * @param port    its well-known port
     * @param cookie  the cluster's cookie, proven to the name service and expected from it
     * @param timeout how long to wait to connect, and then for each line of the answer
     * @return every name registered on that host with its UDP port, sorted by name
     * @throws SporeException {@code NODE_DOWN} as {@link #lookup} does
     */
    public static Map<String, Integer> names(String host, int port, Cookie cookie, Duration timeout) {
        String reply = ask(host, port, cookie, NameServiceProtocol.NAMES, timeout);
        String[] words = reply.split(" ");
        if (!words[0].equals(NameServiceProtocol.NAMES)) {
            throw strange(host, port, reply);
        }
        Map<String, Integer> names = new TreeMap<>();
        for (int i = 1; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            int udpPort = equals > 0 ? NameServiceProtocol.parsePort(words[i].substring(equals + 1)) : -1;
            if (udpPort < 0) {
                throw strange(host, port, reply);
            }
            names.put(words[i].substring(0, equals), udpPort);
        }
        return Collections.unmodifiableMap(names);
    }

    private static String ask(String host, int port, Cookie cookie, String request, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ClientSession session = ClientSession.open(in, socket.getOutputStream(), cookie);
            NameServiceProtocol.writeLine(socket.getOutputStream(), request);
            String reply = NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REPLY_LENGTH);
            if (reply == null) {
                throw down(host, port, "closed the connection without answering", null);
            }
            return session.verify(request, reply);
        } catch (ClientSession.ProofException e) {
            throw down(host, port, e.getMessage() + (e.refusedUs() ? "; give this node the cluster's cookie file"
                : "; the answer is not believed"), e);
        } catch (ConnectException e) {
            throw down(host, port, "refused the connection: no Spore node runs on " + host
                + ", its nodes use another name service port, or its name service listens on loopback only (the"
                + " default; that host's nodes open it to other hosts with the name service bind address)", e);
        } catch (SocketTimeoutException e) {
            throw down(host, port, "did not answer within " + timeout, e);
        } catch (IOException e) {
            throw down(host, port, "failed: " + e.getMessage(), e);
        }
    }

    private static SporeException strange(String host, int port, String reply) {
        String shown = reply.length() > 80 ? reply.substring(0, 80) + "..." : reply;
        return down(host, port, "answered '" + shown + "', which is not the Spore name service protocol: is another"
            + " program using port " + port + "?", null);
    }

    private static SporeException down(String host, int port, String what, Throwable cause) {
        return new SporeException(SporeException.Reason.NODE_DOWN,
            "the name service on " + host + ":" + port + " " + what, cause);
    }
}
