package io.spore.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The started node's side of the node-manager channel ({@code spore node --manager ADDR:PORT}): connects back to the
 * creator with the token read from standard input, then answers the creator's requests. A non-detached node is
 * told to end ({@link Node#creatorGone}) as soon as the channel closes, its standard input ends, or the creator's
 * heartbeats stop for {@value #SILENCE_MS} ms; a detached node ignores all three.
 *
 * <p>Requests are answered one at a time on the agent's thread; {@link Node} is called from it.
 */
public final class NodeAgent implements AutoCloseable {
    /** Silence after which a non-detached node takes its creator for dead (it heartbeats every second). */
    static final int SILENCE_MS = 10_000;
    static final int CONNECT_TIMEOUT_MS = 5_000;

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

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    private final String creator;
    private final boolean detached;
    private final Set<String> allowInstall;
    private final Node node;
    private final Consumer<String> log;
    private volatile boolean closed;

    private NodeAgent(Socket socket, BufferedReader in, Writer out, String creator, boolean detached,
                      Set<String> allowInstall, Node node, Consumer<String> log) {
        this.socket = socket;
        this.in = in;
        this.out = out;
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
     * Connects to the creator and says hello.
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
     * @throws LaunchException when the creator cannot be reached or turns the node away
     */
    public static NodeAgent connect(HostPort manager, String token, String nodeName, Integer udpPort,
                                    boolean detached, Set<String> allowInstall, Node node, Consumer<String> log) {
        Socket socket = new Socket();
        try {
            socket.connect(manager.socketAddress(), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(SILENCE_MS);
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            Json.writeLine(out, ManagerMessage.hello(token, nodeName, ProcessHandle.current().pid(), udpPort,
                detached));
            String line = Json.readLine(in);
            ManagerMessage answer = line == null ? null : Json.read(line, ManagerMessage.class);
            if (answer == null || !"welcome".equals(answer.type())) {
                throw new LaunchException("the creator at " + manager + " turned this node away: "
                    + (answer == null ? "it closed the connection" : answer.error()));
            }
            NodeAgent agent = new NodeAgent(socket, in, out, answer.creator(), detached, allowInstall, node, log);
            Thread thread = new Thread(agent::serve, "node-manager-agent");
            thread.setDaemon(true);
            thread.start();
            return agent;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already failing.
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
            String line;
            while ((line = Json.readLine(in)) != null) {
                handle(Json.read(line, ManagerMessage.class));
            }
        } catch (SocketTimeoutException e) {
            reason = "no heartbeat from the creator for " + SILENCE_MS / 1000 + " s";
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
        synchronized (out) {
            Json.writeLine(out, reply);
        }
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
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
