package io.spore.launcher;

import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.RemoteNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node started by {@link NodeManager}, as Mozart's {@code Remote.manager} object: {@link #ping()} fails when the
 * node is dead, {@link #close()} is a controlled shutdown, {@link #installBundle(Path)} ships code to it (Mozart's
 * {@code link}/{@code apply}: here an OSGi bundle whose factories become spawn names there).
 *
 * <p>The control channel is sealed ({@link SealedChannel}): a record changed, repeated or cut out on the way ends
 * it, with the reason in {@link #disconnected()} and the creator's log. The creator sends a heartbeat every second
 * on it, so a node can tell a silent creator from a busy one.
 *
 * <p>Thread-safe: requests may come from any thread; each blocks until its reply or its timeout.
 */
public final class StartedNode implements AutoCloseable {
    /** How long a ping or a short request waits for its reply. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close()} waits for the node to end after it agreed to. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    static final long HEARTBEAT_MS = 1000;
    /** How long {@link #close()} waits for the output a node printed before it exited. */
    static final long OUTPUT_DRAIN_MS = 2000;

    private final NodeSpec spec;
    private final Process process;
    private final OutputPump output;
    private final SealedChannel control;
    private final ManagerMessage hello;
    private final Map<Long, CompletableFuture<ManagerMessage>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<String> gone = new CompletableFuture<>();
    private final ScheduledExecutorService heartbeat;

    private StartedNode(NodeSpec spec, Process process, OutputPump output, CallbackListener.Admitted node) {
        this.spec = spec;
        this.process = process;
        this.output = output;
        this.control = node.channel();
        this.hello = node.hello();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-heartbeat-" + spec.nodeName());
            thread.setDaemon(true);
            return thread;
        });
    }

    static StartedNode open(NodeSpec spec, Process process, OutputPump output, CallbackListener.Admitted node) {
        StartedNode handle = new StartedNode(spec, process, output, node);
        Thread reader = new Thread(handle::readReplies, "node-control-" + spec.nodeName());
        reader.setDaemon(true);
        reader.start();
        handle.heartbeat.scheduleAtFixedRate(handle::beat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        return handle;
    }

    /** @return the node's name, {@code name@host} */
    public String name() {
        return hello.node();
    }

    /**
     * The started node as the API's {@link RemoteNode}, for remote spawns and the like: reached from {@code via}, a
     * node of this creator's cluster (same cookie and name service), which connects to it if needed.
     *
     * @param via the local node to reach it from
     * @return the remote node
     * @throws io.spore.api.SporeException with {@code NODE_DOWN} when it cannot be reached
     */
    public RemoteNode remoteNode(Node via) {
        return via.network().getNode(NodeName.parse(name()));
    }

    /** @return the host it was started on, as given */
    public String host() {
        return spec.host();
    }

    /** @return the node's OS process id on its host */
    public long pid() {
        return hello.pid();
    }

    /** @return the UDP port other nodes reach it on, or {@code null} when it runs no transport */
    public Integer udpPort() {
        return hello.udpPort();
    }

    /** @return whether the node outlives its creator */
    public boolean detached() {
        return Boolean.TRUE.equals(hello.detached());
    }

    /** @return the fork method it was started with, {@code automatic} resolved */
    public String forkMethod() {
        return spec.fork().resolve(spec.host(), spec.ssh()).text();
    }

    /** @return the last lines the node (or the fork command) printed */
    public String outputTail() {
        return output.tail();
    }

    /** @return whether the control channel is still open */
    public boolean isConnected() {
        return !gone.isDone();
    }

    /** @return a future completed with the reason when the control channel closes (the node ended, or let go) */
    public CompletableFuture<String> disconnected() {
        return gone;
    }

    /**
     * Mozart's {@code ping}: blocks until the node has answered.
     *
     * @throws LaunchException when the node is dead or does not answer within {@link #REQUEST_TIMEOUT}
     */
    public void ping() {
        request("ping", null, null, null, REQUEST_TIMEOUT);
    }

    /**
     * Ships a bundle to the node, which installs and starts it if its own configuration allows bundles from this
     * creator ({@code spore node --allow-bundle-install CREATOR}, which {@link NodeSpec#allowBundleInstall} sets).
     * The node logs every installation.
     *
     * @param jar the bundle
     * @return the node's description of what it installed ({@code bundle BSN VERSION (id N) installed and started})
     * @throws LaunchException when the node refuses (not allowed, not a bundle, it fails to start) or is dead
     */
    public String installBundle(Path jar) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new LaunchException("cannot read the bundle " + jar + ": " + e.getMessage());
        }
        return request("install", jar.getFileName().toString(), null, Base64.getEncoder().encodeToString(bytes),
            Duration.ofSeconds(60)).result();
    }

    /** @return the spawn names the node offers now */
    public List<String> factories() {
        List<String> names = request("factories", null, null, null, REQUEST_TIMEOUT).names();
        return names == null ? List.of() : names;
    }

    /**
     * Spawns a process on the node from one of its factories, locally there, and registers it under a name, so
     * other nodes can address it as {@code register@node}.
     *
     * @return the new process's pid as text
     * @throws LaunchException when the factory is unknown, the name taken, or the node dead
     */
    public String spawnRegister(String factory, String register) {
        return request("spawn", factory, register, null, REQUEST_TIMEOUT).result();
    }

    private ManagerMessage request(String op, String name, String register, String data, Duration timeout) {
        if (gone.isDone()) {
            throw new LaunchException("node " + name() + " is dead: " + gone.getNow("") + "; its last output:\n"
                + output.tail());
        }
        long id = ids.incrementAndGet();
        CompletableFuture<ManagerMessage> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        try {
            send(ManagerMessage.request(id, op, name, register, data));
            ManagerMessage answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Boolean.TRUE.equals(answer.ok())) {
                throw new LaunchException(name() + " refused " + op + ": " + answer.error());
            }
            return answer;
        } catch (IOException e) {
            throw new LaunchException("node " + name() + " is dead: its control connection failed: " + e.getMessage());
        } catch (TimeoutException e) {
            throw new LaunchException("node " + name() + " did not answer " + op + " within " + timeout.toSeconds()
                + " s");
        } catch (ExecutionException e) {
            throw new LaunchException("node " + name() + " is dead: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for " + name() + " to answer " + op);
        } finally {
            waiting.remove(id);
        }
    }

    private void send(ManagerMessage message) throws IOException {
        control.send(Json.write(message).getBytes(StandardCharsets.UTF_8));
    }

    private void beat() {
        if (gone.isDone()) {
            return;
        }
        try {
            send(ManagerMessage.request(0, "heartbeat", null, null, null));
        } catch (IOException e) {
            // The reader notices the broken connection and says why.
        }
    }

    private void readReplies() {
        String reason = "its control connection closed";
        try {
            byte[] bytes;
            while ((bytes = control.receive()) != null) {
                ManagerMessage message = Json.read(new String(bytes, StandardCharsets.UTF_8), ManagerMessage.class);
                CompletableFuture<ManagerMessage> reply = message.id() == null ? null : waiting.get(message.id());
                if (reply != null) {
                    reply.complete(message);
                }
            }
        } catch (ChannelException e) {
            // A record that did not open, repeated or went backwards: someone on the path, or a broken node.
            reason = "its control channel refused a record: " + e.getMessage();
            if (!gone.isDone()) {
                spec.log().accept("closed the manager channel to " + name() + ": " + e.getMessage());
            }
        } catch (IOException | LaunchException e) {
            reason = "its control connection failed: " + e.getMessage();
        }
        control.close();
        gone.complete(reason);
        heartbeat.shutdownNow();
        LaunchException dead = new LaunchException(reason);
        waiting.values().forEach(reply -> reply.completeExceptionally(dead));
    }

    /**
     * Mozart's {@code close}: a controlled shutdown. The node stops its processes (they end with reason
     * {@code shutdown}), its transport says goodbye to the nodes it talks to, and its JVM exits; this returns when
     * it has and its last output has been handed on, or throws after {@link #CLOSE_TIMEOUT}. A node that is already
     * dead is left as it is.
     *
     * @throws LaunchException when the node agreed but did not end in time
     */
    @Override
    public void close() {
        if (gone.isDone()) {
            release();
            return;
        }
        try {
            request("close", null, null, null, REQUEST_TIMEOUT);
        } catch (LaunchException e) {
            if (!gone.isDone()) {
                throw e;
            }
        }
        try {
            gone.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The local fork command (sh's node, or ssh) ends with it.
            if (!process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LaunchException(name() + " closed its connection but the fork command did not end");
            }
            // Its last words (that it stopped) may still be in the pipe: hand them on before saying it ended.
            output.drain(OUTPUT_DRAIN_MS);
        } catch (TimeoutException e) {
            throw new LaunchException(name() + " agreed to close but still runs after " + CLOSE_TIMEOUT.toSeconds()
                + " s");
        } catch (ExecutionException e) {
            throw new LaunchException("waiting for " + name() + " to close failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release();
        }
    }

    /**
     * Lets the node go without stopping it: closes the control channel. A non-detached node ends then (its
     * creator is gone as far as it can tell); a detached one runs on.
     */
    public void release() {
        heartbeat.shutdownNow();
        control.close();
    }

    /**
     * Waits until the node's control channel closes (the node ended, or was let go).
     *
     * @return the reason, or {@code null} when it is still connected after the timeout
     */
    public String awaitDisconnect(Duration timeout) throws InterruptedException {
        try {
            return gone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }
}
