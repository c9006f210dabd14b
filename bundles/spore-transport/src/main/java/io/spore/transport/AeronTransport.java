package io.spore.transport;

import io.spore.api.Caller;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SendOptions;
import io.spore.api.SporeException;
import io.spore.core.spi.Inbound;
import io.spore.core.spi.NodeRuntime;
import io.spore.core.spi.RemoteRouter;
import io.spore.core.spi.SpawnRequest;
import io.spore.core.spi.TransportStatistics;
import io.spore.transport.naming.Registrar;
import io.spore.transport.security.Cookie;
import io.spore.transport.security.CookieFile;
import io.spore.wire.TypeRegistry;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Links a node to other nodes over Aeron UDP: the {@link RemoteRouter} the node calls for every pid or name on
 * another node, and the receiving side that hands what arrives to the node's {@link Inbound}.
 *
 * <p>{@link #start} runs, in order: the media driver (embedded, or a client of an external one), the node's UDP
 * endpoint (a control and a data stream on one port), the connector thread, the attachment to the node, the receive
 * agent, and the registration with the host's name service. {@link #close()} waits for every node it sent to to
 * acknowledge what it sent ({@link Departure}), says goodbye to every connected node, and undoes it all in reverse.
 *
 * <p>Connections are made on first use: the first frame for a node resolves its name (a static route, else the
 * name service of its host), opens two publications (control: handshake, heartbeats, calls, replies; data:
 * messages and process signals, so that a flood of them does not delay heartbeats or calls), and runs the cookie
 * handshake. See {@link Connections} and {@link HandshakeProtocol} for the protocol decisions.
 *
 * <h2>What a sender sees</h2>
 * Every method runs on the sending thread (a process's worker, or a thread calling the node), which encodes, so:
 * <ul>
 *   <li>A value without an encoding fails at once with {@code UNENCODABLE}, naming its type; one over the maximum
 *       message size (this node's, or the peer's once known) with {@code MESSAGE_TOO_LARGE}. Nothing is sent.</li>
 *   <li><b>Connected</b>: the frame is offered to Aeron. If Aeron answers back-pressure (the peer does not keep up),
 *       the sender retries with the transport's idle strategy while the peer reads, and for at most
 *       {@link TransportContext#backPressureTimeout()} (1 s by default) without the peer reading anything, and
 *       the detection timeout in all; most sends then go through, only slowed. If it still does not fit, a send, an
 *       important send or a call fails with {@code BACK_PRESSURED}, whose message names the peer: the message was
 *       not sent, and the sender should slow down and retry. Back-pressure never drops a frame silently.</li>
 *   <li><b>Connecting</b> (name lookup, handshake): the frame is copied into the connection's queue and sent, in
 *       order, once the handshake has completed. The queue holds at most
 *       {@link TransportContext#pendingLimitBytes()}; a send or call past that fails with {@code BACK_PRESSURED}
 *       ("still connecting").</li>
 *   <li><b>Unreachable</b> (the connection failed, the node went down, a wrong cookie, or a failed attempt less than
 *       a heartbeat interval ago): a plain send is dropped and counted, as in Erlang; an important send and a call
 *       fail with {@code NODE_DOWN}. Calls and sends queued while connecting are lost with the connection: the
 *       node fails the calls with {@code NODE_DOWN} and fires links and monitors with {@code noconnection}.</li>
 *   <li>Signals (link, unlink, exit, monitor, demonitor, down) and replies are never refused to their sender: they
 *       are queued past the bound while connecting, and when connected they wait out back-pressure for up to the
 *       detection timeout, after which the peer is treated as gone (node down). To an unreachable node, link, exit,
 *       monitor and down make the node see it down, so the sender's relation fires with {@code noconnection}.</li>
 * </ul>
 * Order: messages and process signals share the data stream, so a message and a later exit or down from the same
 * sender arrive in that order, as in Erlang. Calls, replies and spawn frames travel on the control stream, so that a
 * flood of messages does not delay them, behind a {@link DataBarrier} when data went to the peer since the last one,
 * so a message and a later call (or reply) from the same sender also arrive in the order sent.
 *
 * <p>Threading: the router methods are safe from any thread, concurrently; {@link #start} and {@link #close()} from
 * one thread. Counters are readable from any thread.
 */
public final class AeronTransport implements RemoteRouter, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AeronTransport.class.getName());

    private volatile TransportContext context;
    private final NodeRuntime runtime;
    private final NodeName self;
    private final int creation;
    private final Cookie cookie;
    private final TransportCounters counters = new TransportCounters();
    private final IdleWakes wakes = new IdleWakes(true);
    private final ConcurrentLinkedQueue<Runnable> commands = new WakingQueue<>(wakes);
    private final ConcurrentLinkedQueue<Connector.Opened> opened = new WakingQueue<>(wakes);
    private final StagedFlushes flushes = new StagedFlushes(counters);
    private final Confirmations confirmations;

    private final ThreadLocal<FrameWriter> writers;
    private volatile boolean closed;
    /** The error that ended the receiving agent's thread, if one did. */
    private volatile Throwable agentError;
    /** Set once the fail-stop action has been started. */
    private final java.util.concurrent.atomic.AtomicBoolean failedStop = new java.util.concurrent.atomic.AtomicBoolean();
    private MediaDriverHost host;
    private NodeEndpoint endpoint;
    private Connector connector;
    private volatile Inbound inbound;
    /** Volatile for senders that the node lets through while {@link #start} is still making it. */
    private volatile Connections connections;
    private TransportAgent agent;
    private AgentRunner runner;
    private Registrar registrar;

    private AeronTransport(TransportContext context, NodeRuntime runtime, Cookie cookie) {
        this.context = context;
        this.runtime = runtime;
        this.self = context.nodeName();
        this.creation = runtime.node().creation();
        this.cookie = cookie;
        TypeRegistry registry = context.typeRegistry();
        this.writers = ThreadLocal.withInitial(() -> new FrameWriter(registry, context.maxMessageSize(),
            context.idleStrategy().get(), counters.newSenderTally()));
        this.confirmations = new Confirmations(self, this::route, writers::get);
    }

    /**
     * Starts the transport of {@code runtime}'s node and attaches it, so that the node reaches other nodes.
     *
     * @param context the settings; concluded here. Its node name must be the node's.
     * @param runtime the node
     * @return the running transport; close it to leave the other nodes
     * @throws SporeException {@code INVALID_ARGUMENT} for a bad setting, a cookie file that cannot be used, a port that
     *                        cannot be bound or a name service that cannot be joined; {@code NAME_TAKEN} when another
     *                        node of this host has the name. Whatever had started is stopped again.
     * @throws IllegalStateException when another router is attached to the node
     */
    public static AeronTransport start(TransportContext context, NodeRuntime runtime) {
        context.conclude();
        NodeName nodeName = runtime.node().name();
        if (!nodeName.equals(context.nodeName())) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "the transport is configured for "
                + context.nodeName() + " but the node is " + nodeName);
        }
        Cookie cookie = CookieFile.resolve(context.cookieFile());
        AeronTransport transport = new AeronTransport(context, runtime, cookie);
        try {
            transport.open();
            return transport;
        } catch (RuntimeException | Error e) {
            transport.close();
            throw e;
        }
    }

    private void open() {
        host = MediaDriverHost.start(context, StaleConnections.handler(commands, () -> agent), wakes);
        // Image news arrives on Aeron's conductor thread; the agent acts on it as a command.
        endpoint = NodeEndpoint.open(host.aeron(), context, context.driverTimeout(),
            image -> commands.add(() -> agent.imageAvailable(image.sessionId())),
            image -> {
                int sessionId = image.sessionId();
                int stream = context.streamOf(image.subscription().streamId());
                long position = image.position();
                commands.add(() -> agent.imageUnavailable(sessionId, stream, position));
            });
        inbound = runtime.attach(this);
        TransportWiring wiring = new TransportWiring(creation, cookie, counters, endpoint, inbound, commands, opened,
            flushes, confirmations, wakes, host.invokedDriver());
        connector = new Connector(context, wiring, host.aeron());
        connections = new Connections(context, wiring, connector);
        counters.peersFrom(connections.peerStatistics(context.wireSecurity()));
        connections.handshakes().advertiseRemoteSpawn(() -> runtime.node().network().remoteSpawnEnabled());
        agent = new TransportAgent(context, wiring, connections, this);
        IdleStrategy idle = flushes.around(wakes.agentIdle(context.idleStrategy(),
            new AgentDozeBound(agent, connections)));
        runner = new AgentRunner(idle, error -> {
            counters.errors.increment();
            context.errorHandler().onError(error);
            if (error instanceof Error) {
                // The runner rethrows an Error, which ends its thread without calling the agent's onClose.
                agentError = error;
                agentEnded();
            }
        }, null, agent);
        AgentRunner.startOnThread(runner, task -> {
            Thread thread = new Thread(task, "spore-transport-" + self);
            thread.setDaemon(true);
            return thread;
        });
        registrar = Registrar.start(context.nameServiceConfig(), cookie, self.name(), endpoint.port());
        LOG.log(System.Logger.Level.INFO, () -> self + " listens for nodes on UDP " + context.bindAddress() + ":"
            + endpoint.port() + " (" + (host.isEmbedded() ? "embedded" : "external") + " media driver, name"
            + " service port " + context.nameServicePort() + ")");
    }

    /**
     * The receiving agent's thread ended. When the transport is not closing, nothing receives for this node any
     * more: heartbeats stop, calls go unanswered, while the JVM and JMX stay up and the node would look alive. Fail
     * stop instead, as Aeron's driver does on a fatal error: say why at ERROR and hand over to the fail-stop action
     * on a thread of its own (the action may close this transport, which waits for this thread to end).
     */
    void agentEnded() {
        if (closed || !failedStop.compareAndSet(false, true)) {
            return;
        }
        FailStop.begin(self, agentError, context.failStop(), this::close);
    }

    // ---- RemoteRouter ----

    @Override
    public void send(Pid from, Pid to, Object message, SendOptions options) {
        FrameWriter writer = writers.get();
        int length = writer.sendToPid(from, to, message);
        route(to.node(), PeerPublications.DATA, writer, length,
            options.important() ? SendKind.IMPORTANT : SendKind.MESSAGE);
    }

    /** On the data stream, in order with the sender's messages; the answer comes back as a DeliveryAck. */
    @Override
    public void sendImportant(Pid from, Pid to, Object message, Ref ackRef, long deliveryId) {
        FrameWriter writer = writers.get();
        int length = writer.sendImportant(from, to, ackRef, deliveryId, message);
        route(to.node(), PeerPublications.DATA, writer, length, SendKind.IMPORTANT);
    }

    /** Answers a SendImportant of {@code node}, on the control stream; never refused, as a reply is not. */
    void deliveryAck(NodeName node, Ref ackRef, SporeException error) {
        FrameWriter writer = writers.get();
        route(node, PeerPublications.CONTROL, writer, writer.deliveryAck(ackRef, error), SendKind.REPLY);
    }

    @Override
    public void sendNamed(Pid from, NodeName node, Name name, Object message, SendOptions options) {
        FrameWriter writer = writers.get();
        route(node, PeerPublications.DATA, writer, writer.sendToName(from, name, message),
            options.important() ? SendKind.IMPORTANT : SendKind.MESSAGE);
    }

    @Override
    public void call(Caller caller, Pid to, Object request) {
        FrameWriter writer = writers.get();
        route(to.node(), PeerPublications.CONTROL, writer, writer.callRequest(caller, to, null, request),
            SendKind.CALL);
    }

    @Override
    public void call(Pid from, long refId, Pid to, Object request) {
        FrameWriter writer = writers.get();
        route(to.node(), PeerPublications.CONTROL, writer, writer.callRequest(from, refId, to, request), SendKind.CALL);
    }

    @Override
    public void callNamed(Caller caller, NodeName node, Name name, Object request) {
        FrameWriter writer = writers.get();
        route(node, PeerPublications.CONTROL, writer, writer.callRequest(caller, null, name, request), SendKind.CALL);
    }

    @Override
    public void reply(Pid replier, Caller caller, Object value, SporeException error) {
        FrameWriter writer = writers.get();
        int length = writer.callReply(caller, value, error, replier); // the replier for LargeLane, not the wire
        route(caller.from().node(), PeerPublications.CONTROL, writer, length, SendKind.REPLY);
    }

    @Override
    public void link(Pid from, Pid to) {
        FrameWriter writer = writers.get();
        route(to.node(), PeerPublications.DATA, writer, writer.link(from, to), SendKind.SIGNAL);
    }

    @Override
    public void unlink(Pid from, Pid to) {
        FrameWriter writer = writers.get();
        route(to.node(), PeerPublications.DATA, writer, writer.unlink(from, to), SendKind.QUIET_SIGNAL);
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        FrameWriter writer = writers.get();
        route(to.node(), PeerPublications.DATA, writer, writer.exit(from, to, reason, viaLink), SendKind.SIGNAL);
    }

    @Override
    public void monitor(Ref ref, Pid watcher, Pid target) {
        FrameWriter writer = writers.get();
        route(target.node(), PeerPublications.DATA, writer, writer.monitor(ref, watcher, target), SendKind.SIGNAL);
    }

    @Override
    public void demonitor(Ref ref, Pid watcher, Pid target) {
        FrameWriter writer = writers.get();
        route(target.node(), PeerPublications.DATA, writer, writer.demonitor(ref, watcher, target),
            SendKind.QUIET_SIGNAL);
    }

    @Override
    public void down(Ref ref, Pid watcher, Pid target, ExitReason reason) {
        FrameWriter writer = writers.get();
        route(watcher.node(), PeerPublications.DATA, writer, writer.down(ref, watcher, target, reason),
            SendKind.SIGNAL);
    }

    /** Spawn requests travel on the control stream, as calls do, so a flood of messages does not delay them. */
    @Override
    public void spawnRequest(NodeName node, SpawnRequest request) {
        spawnRequest(node, request.ref().id(), request);
    }

    @Override
    public void spawnRequest(NodeName node, long refId, SpawnRequest request) {
        FrameWriter writer = writers.get();
        route(node, PeerPublications.CONTROL, writer, writer.spawnRequest(refId, request), SendKind.CALL);
    }

    @Override
    public void spawnReply(NodeName node, Ref ref, Pid requester, Pid child, SporeException error) {
        FrameWriter writer = writers.get();
        route(node, PeerPublications.CONTROL, writer, writer.spawnReply(ref, requester, child, error),
            SendKind.SPAWN_REPLY);
    }

    /** See {@link TransportAgent#helpReceive()}. */
    @Override
    public int helpReceive() {
        TransportAgent receiver = agent;
        return receiver == null || closed ? 0 : receiver.helpReceive();
    }

    @Override
    public void connect(NodeName node) {
        if (peer(node) == null) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot connect to " + node + ": "
                + whyUnreachable(node));
        }
    }

    /** See {@link Confirmations}: a Ping on each stream, behind what was sent, and both Pongs back. */
    @Override
    public void awaitDelivery(NodeName node, java.time.Duration timeout) {
        Connections registry = connections;
        confirmations.confirm(node, registry == null ? null : registry.current(node), timeout.toNanos());
    }

    // ---- the send path ----

    void route(NodeName node, int stream, FrameWriter writer, int length, SendKind kind) {
        // A thread mostly sends to the node it sent to last: its writer remembers that association, which stays the
        // current one for the node until it is down (only a down association is replaced in the registry).
        Association peer = writer.lastPeer;
        if (peer == null || peer.isDown() || closed || !peer.name.equals(node)) {
            peer = peer(node);
            writer.lastPeer = peer;
        }
        if (peer == null) {
            kind.unreachable(node, "node " + node + " is not connected (" + whyUnreachable(node) + ")", counters,
                inbound);
            return;
        }
        TransportAgent receiver = agent;
        peer.send(stream, writer, length, kind, receiver != null && receiver.isReceivingThread());
        wakes.wakeDriver(); // it may be parked, and a lone frame would wait out the park (IdleWakes)
    }

    private String whyUnreachable(NodeName node) {
        if (closed) {
            return "the transport of " + self + " is closed";
        }
        if (node.equals(self)) {
            return "it is this node's own name";
        }
        return "a connection attempt failed less than " + context.heartbeatInterval().toMillis() + " ms ago";
    }

    /** The association with {@code node}, made on first use; {@code null} when none may be made now. */
    private Association peer(NodeName node) {
        Connections registry = connections;
        while (registry == null) {
            // Between attaching to the node and making the registry, in start: a moment, unless start fails.
            if (closed) {
                return null;
            }
            Thread.onSpinWait();
            registry = connections;
        }
        return registry.forSending(node, closed);
    }

    // ---- what others may read ----

    /** @return the current connection to {@code node}, or {@code null}: for tests that play a hostile peer */
    Association connection(NodeName node) {
        return connections.current(node);
    }

    /** For tests that forge what Aeron hands over: runs {@code command} on the receive agent. */
    void onAgent(java.util.function.Consumer<TransportAgent> command) {
        commands.add(() -> command.accept(agent));
    }

    /** @return this transport's counters, live */
    public TransportCounters counters() {
        return counters;
    }

    /** @return the counters as the node and administration tools read them: every counter by name, and traffic */
    @Override
    public TransportStatistics statistics() {
        return counters;
    }

    /** @return the UDP port other nodes reach this one on */
    public int port() {
        return endpoint.port();
    }

    /** @return this node's name */
    public NodeName nodeName() {
        return self;
    }

    /** @return the records and enums that may travel in messages (register types here, on both nodes) */
    public TypeRegistry typeRegistry() {
        return context.typeRegistry();
    }

    /** @return the nodes whose connection has completed its handshake, at this moment */
    public Set<NodeName> connectedNodes() {
        return connections == null ? new TreeSet<>() : connections.connectedNodes();
    }

    /** @return the settings it runs with */
    public TransportContext context() {
        return context;
    }

    /** Applies {@code next}'s heartbeat interval and detection timeout at once, keeping every connection. */
    public void retime(TransportContext next) {
        connections.retime(LinkTimes.of(next));
        context = next;
    }

    // ---- shutdown ----

    /**
     * Says goodbye to every connected node (each fires this node's links and monitors with {@code noconnection} at
     * once, without waiting for the detection timeout), tells this node that they are gone, detaches from it, and
     * stops everything {@link #start} started, in reverse. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inbound != null) {
            quietly("detaching from the node", () -> runtime.detach(this));
        }
        Departure departure = runner == null ? null : new Departure(self, commands, connections, confirmations);
        if (departure != null) {
            // Before leaving the name service, which this node may serve: a connection still being made looks up.
            departure.confirm(context.closeTimeout().toNanos());
        }
        if (registrar != null) {
            quietly("leaving the name service", registrar::close);
        }
        List<Connections.Goodbye> goodbyes = List.of();
        if (departure != null) {
            goodbyes = departure.sayGoodbye(host.aeron());
            quietly("stopping the receive agent", runner::close);
            agent.stopHelpers();
        }
        for (Connections.Goodbye goodbye : goodbyes) {
            goodbye.publications().close();
        }
        for (Connector.Opened result = opened.poll(); result != null; result = opened.poll()) {
            if (result.publications() != null) {
                result.publications().close();
            }
        }
        if (connections != null) {
            connections.closeRemaining();
        }
        if (connector != null) {
            quietly("stopping the connector", connector::close);
        }
        if (endpoint != null) {
            quietly("closing the endpoint", endpoint::close);
        }
        if (host != null) {
            quietly("closing the media driver", host::close);
        }
        LOG.log(System.Logger.Level.INFO, () -> self + " transport closed " + counters);
    }

    private void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> self + ": " + what + " failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "AeronTransport[" + self + (endpoint == null ? "" : ", UDP port " + endpoint.port())
            + (closed ? ", closed" : "") + "]";
    }
}
