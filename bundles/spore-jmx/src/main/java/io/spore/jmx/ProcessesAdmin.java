package io.spore.jmx;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.ProcessInfo;
import io.spore.api.SporeException;

import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link ProcessesMBean} of one node: snapshots of its process table, and kill. */
final class ProcessesAdmin implements ProcessesMBean {
    static final CompositeType ROW = OpenTypes.composite("io.spore.Process", "one process",
        new String[] {"pid", "registeredName", "factory", "parent", "application", "mailboxLength", "state"},
        new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
            SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING});
    static final TabularType TABLE = OpenTypes.table("io.spore.Processes", "the processes of a node", ROW, "pid");

    private final Node node;

    ProcessesAdmin(Node node) {
        this.node = node;
    }

    /** @return this as an Open MBean */
    OpenBean bean() {
        return new OpenBean(this, ProcessesMBean.class, new javax.management.NotificationBroadcasterSupport(),
            "The processes of a Spore node", Map.of("Processes", TABLE), Map.of("kill", new String[] {"pid"}),
            new javax.management.MBeanNotificationInfo[0]);
    }

    @Override
    public TabularData getProcesses() {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (ProcessInfo info : node.processes()) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("pid", info.pid().toString());
            values.put("registeredName", OpenTypes.text(info.registeredName()));
            values.put("factory", OpenTypes.text(info.factory()));
            values.put("parent", OpenTypes.text(info.parent()));
            values.put("application", OpenTypes.text(info.application()));
            values.put("mailboxLength", info.mailboxLength());
            values.put("state", info.state().name());
            table.put(OpenTypes.row(ROW, values));
        }
        return table;
    }

    @Override
    public int getCount() {
        return (int) Math.min(Integer.MAX_VALUE, node.stats().processes());
    }

    @Override
    public String[] getPids() {
        List<ProcessInfo> processes = node.processes();
        return processes.stream().map(info -> info.pid().toString()).toArray(String[]::new);
    }

    @Override
    public boolean kill(String pid) {
        Pid target = parse(pid);
        if (!target.node().equals(node.name())) {
            throw new IllegalArgumentException("pid " + target + " belongs to node " + target.node() + ", not to "
                + node.name() + ": kill it through that node's MBean");
        }
        try {
            return node.kill(target);
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }

    private static Pid parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no pid given: pass one as listed in Processes, e.g."
                + " <demo@localhost.42.1>");
        }
        String trimmed = text.trim();
        try {
            return Pid.parse(trimmed.startsWith("<") ? trimmed : "<" + trimmed + ">");
        } catch (SporeException e) {
            throw Errors.plain(e);
        }
    }
}
