package io.spore.jmx;

import javax.management.openmbean.CompositeData;

/**
 * {@code io.spore:type=Node,name=<node>}: a node's identity, state and counters. Registered as an Open MBean
 * ({@link OpenBean}): every attribute is an open type (strings, numbers, string arrays, composite data), so JConsole
 * and scripted clients show it without Spore's classes.
 *
 * <p>Notifications: {@value NodeAdmin#NODE_UP} and {@value NodeAdmin#NODE_DOWN} (user data: the other node's
 * name) when another node connects or disconnects, and an {@link javax.management.AttributeChangeNotification}
 * when {@code RemoteSpawnEnabled} is changed through this bean.
 */
public interface NodeMBean {
    /** @return the node's name, {@code name@host} */
    String getName();

    /** @return the node's incarnation number, new at every start */
    int getCreation();

    /** @return when the node started, in milliseconds since the epoch */
    long getStartTime();

    /** @return how long the node has run, in milliseconds */
    long getUptime();

    /** @return processes alive now */
    int getProcessCount();

    /** @return every registered process name, sorted */
    String[] getRegisteredNames();

    /** @return the nodes connected now, sorted */
    String[] getConnectedNodes();

    /** @return the spawn names offered now, sorted */
    String[] getFactories();

    /** @return whether other nodes may spawn processes here at all (the node-wide flag) */
    boolean isRemoteSpawnEnabled();

    /** Turns remote spawn on or off for the whole node; per-factory access lists are kept either way. */
    void setRemoteSpawnEnabled(boolean enabled);

    /** @return messages handled by local processes */
    long getMessagesDelivered();

    /** @return messages dropped because their target did not exist */
    long getMessagesDropped();

    /** @return messages that arrived from other nodes */
    long getMessagesIn();

    /** @return messages sent to other nodes */
    long getMessagesOut();

    /** @return calls made (local and remote) */
    long getCalls();

    /** @return calls that timed out */
    long getCallTimeouts();

    /** @return calls that arrived from other nodes */
    long getCallsIn();

    /** @return calls made to other nodes */
    long getCallsOut();

    /** @return processes spawned here (locally or for other nodes) */
    long getSpawned();

    /** @return spawns refused or whose init failed */
    long getSpawnFailures();

    /** @return spawn requests that arrived from other nodes */
    long getSpawnsIn();

    /** @return spawns this node asked other nodes for */
    long getSpawnsOut();

    /** @return processes that ended */
    long getExited();

    /** @return processes that ended because a handler threw */
    long getCrashed();

    /** @return bytes received by the transport; 0 without a transport */
    long getBytesIn();

    /** @return bytes sent by the transport; 0 without a transport */
    long getBytesOut();

    /** @return sends that met back-pressure at least once */
    long getBackPressureEvents();

    /** @return frames dropped because they were malformed or came from an unauthenticated sender */
    long getDroppedBadFrames();

    /** @return handshakes that failed (wrong cookie, refusal, timeout) */
    long getFailedHandshakes();

    /** @return whether a transport runs for this node */
    boolean isTransportRunning();

    /** @return every transport counter by name ({@link NodeAdmin#TRANSPORT_COUNTERS}; zeros without a transport) */
    CompositeData getTransportCounters();
}
