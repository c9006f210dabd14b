package io.spore.jmx;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.SupervisionEvent;
import io.spore.api.SupervisionListener;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.Applications;
import io.spore.core.spi.SupervisedChild;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link ApplicationsMBean} of one node: the core's {@link Applications} service (looked up at every read, so
 * the bean shows none while the core has not published it), the supervisors' operations through {@link Supervisors},
 * and the node's supervision reports as notifications.
 *
 * <p>Threading: any thread. Reports arrive on a supervisor's turn and become notifications there without blocking.
 */
final class ApplicationsAdmin extends NotificationBroadcasterSupport implements ApplicationsMBean,
    SupervisionListener {
    /** Notification type: a supervisor restarted a child. */
    static final String RESTARTED = "io.spore.supervision.restart";
    /** Notification type: a supervisor exceeded its restart intensity and gives up. */
    static final String INTENSITY_EXCEEDED = "io.spore.supervision.intensity-exceeded";

    static final CompositeType APPLICATION = OpenTypes.composite("io.spore.Application", "an application",
        new String[] {"name", "bundle", "startType", "state", "root", "env", "detail"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
            SimpleType.STRING, SimpleType.STRING, SimpleType.STRING});
    static final TabularType APPLICATIONS = OpenTypes.table("io.spore.Applications", "the applications of a node",
        APPLICATION, "name");
    static final CompositeType CHILD = OpenTypes.composite("io.spore.SupervisedChild", "a child in a supervision tree",
        new String[] {"application", "path", "depth", "supervisor", "id", "pid", "type", "restart", "restarts",
            "lastExit"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING,
            SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER,
            SimpleType.STRING});
    static final TabularType TREES = OpenTypes.table("io.spore.SupervisionTrees", "supervision trees, a row per child",
        CHILD, "application", "path", "pid");
    static final CompositeType REPORT = OpenTypes.composite("io.spore.SupervisionReport", "what a supervisor did",
        new String[] {"supervisor", "application", "child", "pid", "reason", "restarts"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
            SimpleType.STRING, SimpleType.INTEGER});

    private static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {RESTARTED}, Notification.class.getName(),
            "a supervisor restarted a child; user data: supervisor, application, child, pid, reason, restarts"),
        new MBeanNotificationInfo(new String[] {INTENSITY_EXCEEDED}, Notification.class.getName(),
            "a supervisor exceeded its restart intensity: it stops its children and exits with shutdown"),
    };

    private final Node node;
    private final Supplier<Applications> applications;
    private final Object source;
    private final AtomicLong sequence;

    /**
     * @param applications the core's service, or {@code null} while there is none
     */
    ApplicationsAdmin(Node node, Supplier<Applications> applications, Object source, AtomicLong sequence) {
        super(NOTIFICATIONS);
        this.node = node;
        this.applications = applications;
        this.source = source;
        this.sequence = sequence;
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, ApplicationsMBean.class, this, "The applications and supervision trees of a Spore"
            + " node", Map.of("Applications", APPLICATIONS, "SupervisionTrees", TREES, "tree", TREES),
            Map.of("tree", new String[] {"supervisor"}, "restartChild", new String[] {"supervisor", "child"},
                "terminateChild", new String[] {"supervisor", "child"}), getNotificationInfo());
    }

    @Override
    public TabularData getApplications() {
        TabularDataSupport table = new TabularDataSupport(APPLICATIONS);
        for (ApplicationInfo app : list()) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", app.name());
            values.put("bundle", app.bundle());
            values.put("startType", app.startType().headerValue());
            values.put("state", app.state().name());
            values.put("root", OpenTypes.text(app.root()));
            values.put("env", app.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(", ")));
            values.put("detail", app.detail());
            table.put(OpenTypes.row(APPLICATION, values));
        }
        return table;
    }

    @Override
    public TabularData getSupervisionTrees() {
        TabularDataSupport table = new TabularDataSupport(TREES);
        for (ApplicationInfo app : list()) {
            if (app.root() != null) {
                try {
                    addTree(table, app.name(), app.root());
                } catch (SporeException e) {
                    // it stopped since the list was read: not part of the picture any more
                }
            }
        }
        return table;
    }

    @Override
    public TabularData tree(String supervisor) {
        TabularDataSupport table = new TabularDataSupport(TREES);
        try {
            addTree(table, supervisor, supervisor(supervisor));
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
        return table;
    }

    @Override
    public String restartChild(String supervisor, String child) {
        Pid pid = supervisor(supervisor);
        try {
            ChildStatus status = Supervisors.describeChildren(node, pid).stream()
                .filter(each -> each.id().equals(child)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("supervisor " + pid + " has no child '" + child
                    + "'; its children: " + Supervisors.describeChildren(node, pid).stream().map(ChildStatus::id)
                    .toList()));
            if (status.isRunning()) {
                Supervisors.terminateChild(node, pid, child);
            }
            return Supervisors.restartChild(node, pid, child).toString();
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    @Override
    public void terminateChild(String supervisor, String child) {
        Pid pid = supervisor(supervisor);
        try {
            Supervisors.terminateChild(node, pid, child);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    @Override
    public void onSupervisionEvent(SupervisionEvent event) {
        boolean restarted = event.kind() == SupervisionEvent.Kind.RESTARTED;
        String message = restarted
            ? "supervisor " + event.supervisor() + " restarted child '" + event.childId() + "' as " + event.child()
                + " after " + event.reason() + " (restart " + event.restarts() + ")"
            : "supervisor " + event.supervisor() + " exceeded its restart intensity when child '" + event.childId()
                + "' ended (" + event.reason() + "); it stops its children and exits with shutdown";
        Notification notification = new Notification(restarted ? RESTARTED : INTENSITY_EXCEEDED, source,
            sequence.incrementAndGet(), System.currentTimeMillis(), message);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("supervisor", event.supervisor().toString());
        values.put("application", OpenTypes.text(event.application()));
        values.put("child", event.childId());
        values.put("pid", OpenTypes.text(event.child()));
        values.put("reason", OpenTypes.text(event.reason()));
        values.put("restarts", event.restarts());
        notification.setUserData(OpenTypes.row(REPORT, values));
        sendNotification(notification);
    }

    private void addTree(TabularDataSupport table, String label, Pid root) {
        Applications service = service();
        for (SupervisedChild child : service.tree(root)) {
            ChildStatus status = child.status();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("application", label);
            values.put("path", child.path());
            values.put("depth", child.depth());
            values.put("supervisor", child.supervisor().toString());
            values.put("id", status.id());
            values.put("pid", OpenTypes.text(status.pid()));
            values.put("type", status.type().name());
            values.put("restart", status.restart().name());
            values.put("restarts", status.restarts());
            values.put("lastExit", OpenTypes.text(status.lastExit()));
            table.put(OpenTypes.row(CHILD, values));
        }
    }

    /** An application's root, or a supervisor by its pid. */
    private Pid supervisor(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no supervisor given: pass an application's name (see Applications)"
                + " or a supervisor's pid");
        }
        String trimmed = text.trim();
        for (ApplicationInfo app : list()) {
            if (app.name().equals(trimmed)) {
                if (app.root() == null) {
                    throw new IllegalStateException("application " + trimmed + " is " + app.state() + ", without a"
                        + " running root supervisor" + (app.detail().isEmpty() ? "" : ": " + app.detail()));
                }
                return app.root();
            }
        }
        Pid pid;
        try {
            pid = Pid.parse(trimmed.startsWith("<") ? trimmed : "<" + trimmed + ">");
        } catch (SporeException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is neither an application of node " + node.name()
                + " (" + list().stream().map(ApplicationInfo::name).toList() + ") nor a pid");
        }
        if (!node.isAlive(pid)) {
            throw new IllegalArgumentException("no process " + pid + " runs on node " + node.name());
        }
        return pid;
    }

    private List<ApplicationInfo> list() {
        Applications service = applications.get();
        return service == null ? List.of() : service.applications();
    }

    private Applications service() {
        Applications service = applications.get();
        if (service == null) {
            throw new IllegalStateException("node " + node.name() + " publishes no applications (is its core bundle"
                + " running?)");
        }
        return service;
    }
}
