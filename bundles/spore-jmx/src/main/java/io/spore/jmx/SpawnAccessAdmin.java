package io.spore.jmx;

import io.spore.api.Name;
import io.spore.api.Network;
import io.spore.api.Node;
import io.spore.api.NodeName;
import io.spore.api.SpawnAccess;
import io.spore.api.SpawnAccessEvent;
import io.spore.api.SpawnAccessListener;
import io.spore.api.SporeException;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The {@link SpawnAccessMBean} of one node: reads and changes go to the node's {@link Network}; every access event
 * it reports (whoever caused it: JMX, the shell, code) leaves as a notification.
 *
 * <p>Threading: any thread. Events arrive on the thread that changed the list or refused the spawn, and are turned
 * into notifications there without blocking.
 */
final class SpawnAccessAdmin extends NotificationBroadcasterSupport implements SpawnAccessMBean,
    SpawnAccessListener {
    /** Notification type: a list became empty, so the name is open to every node again. */
    static final String OPENED_TO_ALL = "io.spore.spawn.opened-to-all";
    /** Notification type: a remote spawn was refused by the access list. */
    static final String DENIED = "io.spore.spawn.denied";

    static final CompositeType ROW = OpenTypes.composite("io.spore.SpawnAccess", "the remote-spawn access of a name",
        new String[] {"name", "provider", "remoteSpawn", "openToAll", "allowedNodes", "spawned", "denied"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.BOOLEAN, SimpleType.BOOLEAN,
            SimpleType.STRING, SimpleType.LONG, SimpleType.LONG});
    static final TabularType TABLE = OpenTypes.table("io.spore.SpawnAccessTable", "the spawn names of a node", ROW,
        "name");
    static final CompositeType DENIAL = OpenTypes.composite("io.spore.SpawnDenied", "a refused remote spawn",
        new String[] {"requester", "factory"}, new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING});

    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
            AttributeChangeNotification.class.getName(), "an access list changed; old and new value: the row"),
        new MBeanNotificationInfo(new String[] {OPENED_TO_ALL}, Notification.class.getName(),
            "an access list became empty: the name is open to every node"),
        new MBeanNotificationInfo(new String[] {DENIED}, Notification.class.getName(),
            "a remote spawn was refused; user data: requester and factory"),
    };

    private final Node node;
    private final Object source;
    private final AtomicLong sequence;
    /** The last row seen per name, for the old value of attribute changes. */
    private final Map<Name, CompositeData> lastRows = new ConcurrentHashMap<>();

    SpawnAccessAdmin(Node node, Object source, AtomicLong sequence) {
        super(NOTIFICATIONS);
        this.node = node;
        this.source = source;
        this.sequence = sequence;
        for (SpawnAccess access : network().spawnAccess()) {
            lastRows.put(access.name(), row(access));
        }
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, SpawnAccessMBean.class, this, "Remote-spawn access lists of a Spore node",
            Map.of("Factories", TABLE), Map.of("enableSpawn", new String[] {"factory", "nodes"},
                "disableSpawn", new String[] {"factory", "nodes"}, "enableSpawnNodes", new String[] {"factory", "nodes"},
                "disableSpawnNodes", new String[] {"factory", "nodes"}, "allowedNodes", new String[] {"factory"},
                "describe", new String[] {"factory"}), getNotificationInfo());
    }

    private Network network() {
        return node.network();
    }

    @Override
    public TabularData getFactories() {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (SpawnAccess access : network().spawnAccess()) {
            table.put(row(access));
        }
        return table;
    }

    @Override
    public String[] getFactoryNames() {
        return network().spawnAccess().stream().map(access -> access.name().toString()).toArray(String[]::new);
    }

    @Override
    public void enableSpawn(String factory, String[] nodes) {
        Name name = factoryName(factory);
        NodeName[] parsed = nodeNames(nodes);
        try {
            network().enableSpawn(name, parsed);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    @Override
    public void disableSpawn(String factory, String[] nodes) {
        Name name = factoryName(factory);
        NodeName[] parsed = nodeNames(nodes);
        try {
            network().disableSpawn(name, parsed);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    @Override
    public void enableSpawnNodes(String factory, String nodes) {
        enableSpawn(factory, nodes == null ? null : new String[] {nodes});
    }

    @Override
    public void disableSpawnNodes(String factory, String nodes) {
        disableSpawn(factory, nodes == null ? null : new String[] {nodes});
    }

    @Override
    public String[] allowedNodes(String factory) {
        return access(factory).allowedNodes().stream().sorted().map(NodeName::toString).toArray(String[]::new);
    }

    @Override
    public String describe(String factory) {
        return describe(access(factory));
    }

    // ---- SpawnAccessListener ----

    @Override
    public void onSpawnAccessEvent(SpawnAccessEvent event) {
        if (event.kind() == SpawnAccessEvent.Kind.DENIED) {
            Notification denied = new Notification(DENIED, source, sequence.incrementAndGet(),
                System.currentTimeMillis(), "remote spawn of '" + event.name() + "' by " + event.requester()
                + " denied on " + node.name());
            denied.setUserData(OpenTypes.row(DENIAL, Map.of("requester", OpenTypes.text(event.requester()),
                "factory", event.name().toString())));
            sendNotification(denied);
            if (event.after() != null) {
                lastRows.put(event.name(), row(event.after()));
            }
            return;
        }
        CompositeData after = event.after() == null ? null : row(event.after());
        CompositeData before = after == null ? lastRows.remove(event.name()) : lastRows.put(event.name(), after);
        AttributeChangeNotification change = new AttributeChangeNotification(source, sequence.incrementAndGet(),
            System.currentTimeMillis(), changeMessage(event), "Factories", CompositeData.class.getName(), before,
            after);
        change.setUserData(event.name().toString());
        sendNotification(change);
        if (event.kind() == SpawnAccessEvent.Kind.OPENED_TO_ALL) {
            Notification opened = new Notification(OPENED_TO_ALL, source, sequence.incrementAndGet(),
                System.currentTimeMillis(), "the access list of '" + event.name() + "' on " + node.name()
                + " became empty: every node may spawn it now");
            opened.setUserData(event.name().toString());
            sendNotification(opened);
        }
    }

    private String changeMessage(SpawnAccessEvent event) {
        String nodes = event.nodes() == null || event.nodes().isEmpty() ? ""
            : " " + event.nodes().stream().sorted().map(NodeName::toString).collect(Collectors.joining(", "));
        String now = event.after() == null ? "gone" : describe(event.after());
        return "spawn access of '" + event.name() + "' on " + node.name() + ": "
            + event.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + nodes + "; now " + now;
    }

    private SpawnAccess access(String factory) {
        Name name = factoryName(factory);
        return network().spawnAccess(name).orElseThrow(() -> new IllegalArgumentException("node " + node.name()
            + " has no spawn name '" + name + "'; known: " + Arrays.toString(getFactoryNames())));
    }

    private static String describe(SpawnAccess access) {
        if (!access.enabled()) {
            return "disabled";
        }
        if (access.openToAll()) {
            return "open to all";
        }
        return "listed: " + joined(access);
    }

    private static CompositeData row(SpawnAccess access) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", access.name().toString());
        values.put("provider", OpenTypes.text(access.provider()));
        values.put("remoteSpawn", access.enabled());
        values.put("openToAll", access.enabled() && access.openToAll());
        values.put("allowedNodes", joined(access));
        values.put("spawned", access.spawned());
        values.put("denied", access.denied());
        return OpenTypes.row(ROW, values);
    }

    private static String joined(SpawnAccess access) {
        return access.allowedNodes().stream().sorted().map(NodeName::toString).collect(Collectors.joining(", "));
    }

    private static Name factoryName(String factory) {
        if (factory == null || factory.isBlank()) {
            throw new IllegalArgumentException("no factory given: pass a spawn name, one of FactoryNames");
        }
        try {
            return Name.of(factory.trim());
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    /** Accepts the nodes one per element, or several in one element separated by commas or spaces (jmxterm). */
    private static NodeName[] nodeNames(String[] nodes) {
        if (nodes == null) {
            return new NodeName[0];
        }
        return Arrays.stream(nodes)
            .filter(Objects::nonNull)
            .flatMap(text -> Arrays.stream(text.split("[,\\s]+")))
            .filter(text -> !text.isEmpty())
            .map(SpawnAccessAdmin::nodeName)
            .distinct()
            .toArray(NodeName[]::new);
    }

    private static NodeName nodeName(String text) {
        try {
            return NodeName.parse(text);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }
}
