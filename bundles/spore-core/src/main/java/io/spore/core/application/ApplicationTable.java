package io.spore.core.application;

import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.Applications;

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
}
