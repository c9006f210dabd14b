package io.spore.core.application;

import io.spore.api.Node;
import io.spore.api.Pid;
import io.spore.api.supervisor.ChildStatus;
import io.spore.api.supervisor.ChildType;
import io.spore.api.supervisor.Supervisors;
import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.Applications;
import io.spore.core.spi.SupervisedChild;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The applications of one node by name, as the {@link Applications} service shows them. One application per name:
 * a second bundle that declares a name in use is refused by {@link #add}.
 *
 * <p>Threading: any thread; readers never wait.
 */
public final class ApplicationTable implements Applications {
    private final ConcurrentMap<String, Application> byName = new ConcurrentHashMap<>();
    private final Node node;

    /** @param node the node whose supervisors {@link #tree} asks */
    public ApplicationTable(Node node) {
        this.node = node;
    }

    /**
     * @param application a new application
     * @return whether it was added; false when another one has its name
     */
    public boolean add(Application application) {
        return byName.putIfAbsent(application.name(), application) == null;
    }

    /** @param application an application added before; forgotten */
    public void remove(Application application) {
        byName.remove(application.name(), application);
    }

    /** @return the application of that name, or {@code null} */
    public Application get(String name) {
        return byName.get(name);
    }

    @Override
    public List<ApplicationInfo> applications() {
        return byName.values().stream().map(Application::info)
            .sorted(Comparator.comparing(ApplicationInfo::name)).toList();
    }

    @Override
    public List<SupervisedChild> tree(Pid supervisor) {
        List<SupervisedChild> rows = new ArrayList<>();
        walk(supervisor, "", 0, rows);
        return rows;
    }

    private void walk(Pid supervisor, String prefix, int depth, List<SupervisedChild> rows) {
        for (ChildStatus child : Supervisors.describeChildren(node, supervisor)) {
            String path = prefix + child.id();
            rows.add(new SupervisedChild(path, depth, supervisor, child));
            if (child.type() == ChildType.SUPERVISOR && child.pid() != null
                && child.pid().node().equals(node.name())) {
                walk(child.pid(), path + "/", depth + 1, rows);
            }
        }
    }
}
