package io.spore.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The started node's side of the node-manager channel ({@code spore node --manager ADDR:PORT}): connects back to the
 * creator, proves the token read from standard input without sending it and checks the creator's proof
 * ({@link ChannelHandshake}), then answers the creator's requests over the sealed channel. A non-detached node is
 * told to end ({@link Node#creatorGone}) as soon as the channel closes or refuses a record (one that was changed,
 * repeated or cut out on the way), its standard input ends, or the creator's heartbeats stop for
 * {@value #SILENCE_MS} ms; a detached node ignores all of these, and logs why the channel ended.
 *
 * <p>Requests are answered one at a time on the agent's thread; {@link Node} is called from it.
 */
public final class NodeAgent implements AutoCloseable {
    /** Silence after which a non-detached node takes its creator for dead (it heartbeats every second). */
    static final int SILENCE_MS = 10_000;
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** How long the handshake and the hello may take once connected (the creator allows as long). */
    static final int HANDSHAKE_TIMEOUT_MS = 5_000;

    /** What the agent asks of the node it serves. */
    public interface Node {
        /** Returns when the node is alive and serving; throws when it is not. */
        void ping();

        /**
         * Installs and starts a bundle; the agent has checked that the creator is allowed.
         *
         * @return what was installed, for the creator
         * @throws RuntimeException with a one-line message when it cannot
         */
        String installBundle(String fileName, byte[] jar, String requester);

        /** @return the spawn names the node offers */
        List<String> factories();

        /** @return the pid of a process spawned from {@code factory} and registered as {@code register} */
        String spawnRegister(String factory, String register);

        /** Stops the node in a controlled way; may return before it has stopped. */
        void shutdown();

        /** The creator is gone and the node is not detached: end now. */
        void creatorGone(String reason);
    }

    private final SealedChannel channel;
    private final String creator;
    private final boolean detached;
    private final Set<String> allowInstall;
    private final Node node;
    private final Consumer<String> log;
    private volatile boolean closed;

    private NodeAgent(SealedChannel channel, String creator, boolean detached, Set<String> allowInstall, Node node,
                      Consumer<String> log) {
        this.channel = channel;
        this.creator = creator;
        this.detached = detached;
        this.allowInstall = Set.copyOf(allowInstall);
        this.node = node;
        this.log = log;
    }

    /**
     * Reads the one-time token, the first line of standard input, byte by byte so nothing after it is consumed.
     *
     * @throws LaunchException when standard input ends first
     */
    public static String readToken(InputStream stdin) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = stdin.read()) >= 0 && b != '\n') {
                if (line.size() > 1024) {
                    throw new LaunchException("the first line of standard input is too long to be a manager token");
                }
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                throw new LaunchException("--manager needs the creator's token on standard input, and it ended");
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read the manager token from standard input: " + e.getMessage());
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    /**
     * Connects to the creator, runs the channel's handshake (each side proves the token without sending it, and
     * the keys that seal everything after come from it and from fresh X25519 keys) and says hello.
     *
     * @param manager      the creator's callback address
     * @param token        the token from standard input
     * @param nodeName     this node's name
     * @param udpPort      this node's transport port, or {@code null}
     * @param detached     whether this node outlives its creator
     * @param allowInstall the creators this node accepts bundles from (its own configuration); empty for none
     * @param node         what requests act on
     * @param log          receives a line for every installation and every end of the channel
     * @return the agent, serving on a thread of its own
     * @throws LaunchException when the creator cannot be reached, does not prove the token, speaks another protocol
     *                         version, or turns the node away; the message says which
     */
    public static NodeAgent connect(HostPort manager, String token, String nodeName, Integer udpPort,
                                    boolean detached, Set<String> allowInstall, Node node, Consumer<String> log) {
        Socket socket = new Socket();
        try {
            long deadlineNs = System.nanoTime() + HANDSHAKE_TIMEOUT_MS * 1_000_000L;
            socket.connect(manager.socketAddress(), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            SealedChannel channel = ChannelHandshake.asNode(socket, token, nodeName, deadlineNs);
            channel.send(Json.write(ManagerMessage.hello(nodeName, ProcessHandle.current().pid(), udpPort,
                detached)).getBytes(StandardCharsets.UTF_8));
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            byte[] message = channel.receive();
            ManagerMessage answer = message == null ? null
                : Json.read(new String(message, StandardCharsets.UTF_8), ManagerMessage.class);
            if (answer == null || !"welcome".equals(answer.type())) {
                throw new LaunchException("the creator at " + manager + " turned this node away: "
                    + (answer == null ? "it closed the connection" : answer.error()));
            }
            socket.setSoTimeout(SILENCE_MS);
            NodeAgent agent = new NodeAgent(channel, answer.creator(), detached, allowInstall, node, log);
            Thread thread = new Thread(agent::serve, "node-manager-agent");
            thread.setDaemon(true);
            thread.start();
            return agent;
        } catch (IOException | LaunchException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already failing.
            }
            if (e instanceof LaunchException launch) {
                throw launch;
            }
            throw new LaunchException("cannot connect back to the creator at " + manager + ": " + e.getMessage());
        }
    }

    /** @return the creator's name, as it gave it */
    public String creator() {
        return creator;
    }

    /**
     * Watches standard input on a thread of its own: a non-detached node ends when it ends (over ssh, the creator's
     * death closes it). Does nothing for a detached node.
     */
    public void watchStandardInput(InputStream stdin) {
        if (detached) {
            return;
        }
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (stdin.read(buffer) >= 0) {
                    // Nothing more is expected on it; only its end matters.
                }
            } catch (IOException e) {
                // A broken pipe ends it just the same.
            }
            creatorGone("its standard input from the creator ended");
        }, "node-manager-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void serve() {
        String reason = "the creator closed the control connection";
        try {
            byte[] message;
            while ((message = channel.receive()) != null) {
                handle(Json.read(new String(message, StandardCharsets.UTF_8), ManagerMessage.class));
            }
        } catch (SocketTimeoutException e) {
            reason = "no heartbeat from the creator for " + SILENCE_MS / 1000 + " s";
        } catch (ChannelException e) {
            // A record that did not open, repeated or went backwards: someone on the path, or a broken creator.
            reason = "the control channel refused a record: " + e.getMessage();
            if (!closed) {
                log.accept("closed the manager channel to " + creator + ": " + e.getMessage());
            }
        } catch (IOException | LaunchException e) {
            reason = "the control connection failed: " + e.getMessage();
        }
        if (!closed) {
            creatorGone(reason);
        }
    }

    private void creatorGone(String reason) {
        if (detached) {
            log.accept("manager channel to " + creator + " ended (" + reason + "); detached, so the node runs on");
            return;
        }
        node.creatorGone(reason);
    }

    private void handle(ManagerMessage request) throws IOException {
        if (!"request".equals(request.type()) || "heartbeat".equals(request.op())) {
            return;
        }
        long id = request.id() == null ? 0 : request.id();
        ManagerMessage reply;
        try {
            reply = switch (String.valueOf(request.op())) {
                case "ping" -> {
                    node.ping();
                    yield ManagerMessage.reply(id, "pong", null);
                }
                case "factories" -> ManagerMessage.reply(id, null, node.factories());
                case "spawn" -> ManagerMessage.reply(id, node.spawnRegister(request.name(), request.register()), null);
                case "install" -> ManagerMessage.reply(id, install(request), null);
                case "close" -> ManagerMessage.reply(id, "closing", null);
                default -> ManagerMessage.failure(id, "unknown request '" + request.op() + "'");
            };
        } catch (RuntimeException e) {
            reply = ManagerMessage.failure(id, String.valueOf(e.getMessage()));
        }
        channel.send(Json.write(reply).getBytes(StandardCharsets.UTF_8));
        if ("close".equals(request.op())) {
            closed = true;
            log.accept("controlled shutdown requested by " + creator);
            node.shutdown();
        }
    }

    private String install(ManagerMessage request) {
        String file = request.name() == null ? "bundle.jar" : request.name();
        if (!allowInstall.contains(creator)) {
            log.accept("refused to install bundle " + file + " from " + creator + ": not in --allow-bundle-install");
            throw new LaunchException("this node does not accept bundles from " + creator + ": it must be started"
                + " with --allow-bundle-install " + creator);
        }
        byte[] jar;
        try {
            jar = Base64.getDecoder().decode(request.data() == null ? "" : request.data());
        } catch (IllegalArgumentException e) {
            throw new LaunchException("the bundle " + file + " arrived garbled: " + e.getMessage());
        }
        String done = node.installBundle(file, jar, creator);
        log.accept(done + " (" + jar.length + " bytes from " + creator + ")");
        return done;
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }
}
