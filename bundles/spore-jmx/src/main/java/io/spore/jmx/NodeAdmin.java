package io.spore.jmx;

import io.spore.api.Name;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.NodeStats;
import io.spore.core.spi.ConnectionListener;
import io.spore.core.spi.NodeMonitoring;
import io.spore.core.spi.TrafficStats;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link NodeMBean} of one node. Reads go to the node each time (nothing is cached); node up and down come
 * from the core's {@link NodeMonitoring} and leave as notifications.
 *
 * <p>Threading: any thread. Notifications are sent on the thread of the event (the transport's, for node up and
 * down), which {@link NotificationBroadcasterSupport} hands to listeners synchronously; the remote connector
 * queues them per client, so a slow client never holds the transport.
 */
final class NodeAdmin extends NotificationBroadcasterSupport implements NodeMBean, ConnectionListener {
    /** Notification type: another node connected; user data is its name. */
    static final String NODE_UP = "io.spore.node.up";
    /** Notification type: another node disconnected; user data is its name. */
    static final String NODE_DOWN = "io.spore.node.down";

    /** The transport counters the bean shows, in the transport's order (see its TransportCounters). */
    static final String[] COUNTER_NAMES = {"framesOut", "bytesOut", "framesIn", "bytesIn", "malformedFrames",
        "unauthenticatedFrames", "failedHandshakes", "backPressureEvents", "backPressureFailures", "pendingFull",
        "droppedUnreachable", "duplicatesDropped", "connectionsUp", "connectionsDown", "errors",
        "staleSessionNotices", "staleSessionsDropped", "staleNoticesIgnored", "lostInFlight", "unconfirmedInFlight",
        "rejectedBadTag", "rejectedReplay", "rejectedChunks", "largeStreamTimeouts"};
    /** The open type of {@code TransportCounters}: one long per counter name. */
    static final CompositeType TRANSPORT_COUNTERS = OpenTypes.composite("io.spore.TransportCounters",
        "the counters of the node's transport; zeros while none runs", COUNTER_NAMES, longs(COUNTER_NAMES.length));

    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {NODE_UP, NODE_DOWN}, Notification.class.getName(),
            "another node connected or disconnected; user data: its name, name@host"),
        new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
            AttributeChangeNotification.class.getName(), "RemoteSpawnEnabled changed"),
    };

    private final NodeMonitoring monitoring;
    private final Node node;
    private final Supplier<Map<String, Long>> transport;
    private final Object source;
    private final AtomicLong sequence;

    /**
     * @param transport the transport's counters, or {@code null} while none runs
     * @param source    the source of notifications: this MBean's name
     * @param sequence  the node's notification sequence, shared by its MBeans
     */
    NodeAdmin(NodeMonitoring monitoring, Supplier<Map<String, Long>> transport, Object source, AtomicLong sequence) {
        super(NOTIFICATIONS);
        this.monitoring = monitoring;
        this.node = monitoring.node();
        this.transport = transport;
        this.source = source;
        this.sequence = sequence;
    }

    @Override
    public String getName() {
        return node.name().toString();
    }

    @Override
    public int getCreation() {
        return node.creation();
    }

    @Override
    public long getStartTime() {
        return monitoring.startTimeMs();
    }

    @Override
    public long getUptime() {
        return Math.max(0, System.currentTimeMillis() - monitoring.startTimeMs());
    }

    @Override
    public int getProcessCount() {
        return (int) Math.min(Integer.MAX_VALUE, node.stats().processes());
    }

    @Override
    public String[] getRegisteredNames() {
        return names(node.registeredNames());
    }

    @Override
    public String[] getConnectedNodes() {
        return node.connectedNodes().stream().map(NodeName::toString).toArray(String[]::new);
    }

    @Override
    public String[] getFactories() {
        return names(node.factories());
    }

    @Override
    public boolean isRemoteSpawnEnabled() {
        return node.network().remoteSpawnEnabled();
    }

    @Override
    public void setRemoteSpawnEnabled(boolean enabled) {
        boolean before;
        synchronized (this) {
            before = node.network().remoteSpawnEnabled();
            node.network().setRemoteSpawnEnabled(enabled);
        }
        if (before != enabled) {
            sendNotification(new AttributeChangeNotification(source, sequence.incrementAndGet(),
                System.currentTimeMillis(), "remote spawn " + (enabled ? "enabled" : "disabled") + " on "
                + node.name(), "RemoteSpawnEnabled", "boolean", before, enabled));
        }
    }

    @Override
    public long getMessagesDelivered() {
        return stats().messagesDelivered();
    }

    @Override
    public long getMessagesDropped() {
        return stats().messagesDropped();
    }

    @Override
    public long getMessagesIn() {
        return traffic().messagesIn();
    }

    @Override
    public long getMessagesOut() {
        return traffic().messagesOut();
    }

    @Override
    public long getCalls() {
        return stats().calls();
    }

    @Override
    public long getCallTimeouts() {
        return stats().callTimeouts();
    }

    @Override
    public long getCallsIn() {
        return traffic().callsIn();
    }

    @Override
    public long getCallsOut() {
        return traffic().callsOut();
    }

    @Override
    public long getSpawned() {
        return stats().spawned();
    }

    @Override
    public long getSpawnFailures() {
        return stats().spawnFailures();
    }

    @Override
    public long getSpawnsIn() {
        return traffic().spawnsIn();
    }

    @Override
    public long getSpawnsOut() {
        return traffic().spawnsOut();
    }

    @Override
    public long getExited() {
        return stats().exited();
    }

    @Override
    public long getCrashed() {
        return stats().crashed();
    }

    @Override
    public long getBytesIn() {
        return transportCounter("bytesIn");
    }

    @Override
    public long getBytesOut() {
        return transportCounter("bytesOut");
    }

    @Override
    public long getBackPressureEvents() {
        return transportCounter("backPressureEvents");
    }

    @Override
    public long getDroppedBadFrames() {
        return transportCounter("malformedFrames") + transportCounter("unauthenticatedFrames");
    }

    @Override
    public long getFailedHandshakes() {
        return transportCounter("failedHandshakes");
    }

    @Override
    public boolean isTransportRunning() {
        return transport.get() != null;
    }

    @Override
    public CompositeData getTransportCounters() {
        Map<String, Long> counters = transport.get();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : COUNTER_NAMES) {
            Long value = counters == null ? null : counters.get(name);
            values.put(name, value == null ? 0L : value);
        }
        return OpenTypes.row(TRANSPORT_COUNTERS, values);
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, NodeMBean.class, this, "A Spore node: identity, state, counters",
            Map.of("TransportCounters", TRANSPORT_COUNTERS), Map.of(), getNotificationInfo());
    }

    private static OpenType<?>[] longs(int count) {
        OpenType<?>[] types = new OpenType<?>[count];
        java.util.Arrays.fill(types, SimpleType.LONG);
        return types;
    }

    // ---- ConnectionListener ----

    @Override
    public void nodeUp(NodeName other, int creation) {
        Notification up = new Notification(NODE_UP, source, sequence.incrementAndGet(), System.currentTimeMillis(),
            "node " + other + " connected to " + node.name() + " (creation " + creation + ")");
        up.setUserData(other.toString());
        sendNotification(up);
    }

    @Override
    public void nodeDown(NodeName other) {
        Notification down = new Notification(NODE_DOWN, source, sequence.incrementAndGet(),
            System.currentTimeMillis(), "node " + other + " disconnected from " + node.name());
        down.setUserData(other.toString());
        sendNotification(down);
    }

    private NodeStats stats() {
        return node.stats();
    }

    private TrafficStats traffic() {
        return monitoring.traffic();
    }

    private long transportCounter(String name) {
        Map<String, Long> counters = transport.get();
        Long value = counters == null ? null : counters.get(name);
        return value == null ? 0 : value;
    }

    private static String[] names(Set<Name> names) {
        return names.stream().map(Name::toString).toArray(String[]::new);
    }
}
