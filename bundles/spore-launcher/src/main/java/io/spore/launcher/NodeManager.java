package io.spore.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Starts Spore nodes on hosts, as Mozart's {@code Remote.manager} starts Oz processes: through a fork method
 * ({@code sh}, {@code ssh}, {@code rsh} or any command), and returns once the new node has connected back.
 *
 * <p>The handshake: the creator listens on a fresh TCP port, starts {@code spore node --manager ADDR:PORT ...}
 * through the fork method, and writes a one-time random token to the node's standard input (never on a command
 * line, where {@code ps} would show it). The node connects to ADDR:PORT and both prove the token without sending it,
 * in a handshake that also agrees on keys from fresh X25519 keys ({@link ChannelHandshake}); everything after it is
 * sealed with AES-256-GCM, so nobody on the path reads the channel (a shipped bundle included) or changes a byte of
 * it unnoticed. Anyone else who connects is turned away with a logged reason ({@link CallbackListener}) while the
 * creator goes on waiting. The connection stays open as the node's control channel ({@link StartedNode}):
 * a non-detached node ends when it closes or when its standard input ends, which is what happens when the creator
 * dies, {@code kill -9} included, and over ssh too.
 *
 * <p>Stateless and thread-safe: {@link #start(NodeSpec)} blocks its caller until the node is up or the timeout.
 */
public final class NodeManager {
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeManager() {
    }

    /**
     * Starts a node and waits for it to connect back.
     *
     * @param spec what to start; concluded here
     * @return the handle of the running node
     * @throws LaunchException when the fork command cannot run, the node exits, or it does not connect back within
     *                         the timeout; the message holds the tail of the node's output. Nothing is left
     *                         running then (the started command is killed).
     */
    public static StartedNode start(NodeSpec spec) {
        spec.conclude();
        String token = newToken();
        ServerSocket callback;
        try {
            callback = new ServerSocket();
            callback.bind(new InetSocketAddress(spec.callbackHost(), 0));
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("cannot listen for the new node on " + spec.callbackHost() + ": "
                + e.getMessage());
        }
        try (callback; CallbackListener listener = new CallbackListener(callback, token, spec.creator(), spec.log())) {
            List<String> command = spec.fork().commandLine(spec.host(), spec.program(callback.getLocalPort()),
                spec.ssh());
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new LaunchException("cannot run the fork command " + command.get(0) + " to start "
                    + spec.nodeName() + ": " + e.getMessage());
            }
            OutputPump output = new OutputPump(process.getInputStream(), spec.nodeName(), spec.output());
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write((token + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                CallbackListener.Admitted node = listener.await(System.nanoTime() + spec.timeout().toNanos(),
                    leftMs -> watch(leftMs, spec, process, output));
                return StartedNode.open(spec, process, output, node);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                output.drain(1000);
                if (e instanceof LaunchException launch) {
                    throw launch;
                }
                throw new LaunchException("starting " + spec.nodeName() + " through " + spec.fork() + " failed: " + e
                    + "; its output:\n" + output.tail());
            }
        } catch (IOException e) {
            throw new LaunchException("closing the callback listener failed: " + e.getMessage());
        }
    }

    /** Fails the start when the node has exited, or when the time is up. */
    private static void watch(long leftMs, NodeSpec spec, Process process, OutputPump output) {
        if (leftMs <= 0) {
            throw new LaunchException(spec.nodeName() + " did not connect back within "
                + format(spec.timeout()) + " (started through " + spec.fork().resolve(spec.host(), spec.ssh())
                + "); it was stopped. Its output:\n" + output.tail());
        }
        if (!process.isAlive()) {
            output.drain(2000);
            throw new LaunchException(spec.nodeName() + " exited with status " + process.exitValue()
                + " before connecting back (started through " + spec.fork().resolve(spec.host(), spec.ssh())
                + "). Its output:\n" + output.tail());
        }
    }

    private static String format(java.time.Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
