package io.spore.core.osgi;

import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.ProcessFactory;
import io.spore.core.FactoryEntry;
import io.spore.core.FactoryRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The factory whiteboard: every {@link ProcessFactory} service with a {@value ProcessFactory#SPAWN_NAME}
 * property becomes a spawn name while it is registered. Unregistering it (its bundle stopping) withdraws the
 * name and ends the processes it made before {@code removedService} returns, while its classes are still there.
 *
 * <p>Remote spawn: a name seen for the first time is open to every node, or only to the nodes of its
 * {@value ProcessFactory#SPAWN_NODES} property (a String, a String[] or a collection of {@code name@host}). A
 * property that cannot be read leaves the name disabled for remote spawn (logged), never open by mistake. A name
 * that comes back keeps the access state it had.
 */
final class FactoryTracker extends ServiceTracker<ProcessFactory, FactoryTracker.Tracked> {
    private static final System.Logger LOG = System.getLogger(FactoryTracker.class.getName());

    private final FactoryRegistry registry;

    FactoryTracker(BundleContext context, FactoryRegistry registry) {
        super(context, filter(), null);
        this.registry = registry;
    }

    private static org.osgi.framework.Filter filter() {
        try {
            return FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "=" + ProcessFactory.class.getName()
                + ")(" + ProcessFactory.SPAWN_NAME + "=*))");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entry made for one service; replaced when the service's name or ranking changes. */
    static final class Tracked {
        volatile FactoryEntry entry;
    }

    @Override
    public Tracked addingService(ServiceReference<ProcessFactory> reference) {
        Name name = nameOf(reference);
        if (name == null) {
            return null;
        }
        ProcessFactory factory = context.getService(reference);
        if (factory == null) {
            return null;
        }
        Tracked tracked = new Tracked();
        tracked.entry = registry.add(name, factory, ranking(reference), serviceId(reference), provider(reference),
            symbolicName(reference), spawnNodes(reference, name));
        return tracked;
    }

    @Override
    public void modifiedService(ServiceReference<ProcessFactory> reference, Tracked tracked) {
        Name name = nameOf(reference);
        FactoryEntry old = tracked.entry;
        if (name != null && name.equals(old.name()) && ranking(reference) == old.ranking()) {
            return;
        }
        registry.remove(old);
        if (name != null) {
            tracked.entry = registry.add(name, context.getService(reference), ranking(reference),
                serviceId(reference), provider(reference), symbolicName(reference), spawnNodes(reference, name));
            context.ungetService(reference); // balance the extra getService; the tracker holds the first
        }
    }

    @Override
    public void removedService(ServiceReference<ProcessFactory> reference, Tracked tracked) {
        registry.remove(tracked.entry);
        context.ungetService(reference);
    }

    private static Name nameOf(ServiceReference<?> reference) {
        Object value = reference.getProperty(ProcessFactory.SPAWN_NAME);
        if (value instanceof String text && Name.isValid(text)) {
            return Name.of(text);
        }
        LOG.log(Level.WARNING, "ignoring process factory from {0}: property {1} must be a valid name (letters, "
            + "digits, _ - . / :), was {2}", provider(reference), ProcessFactory.SPAWN_NAME, value);
        return null;
    }

    /** @return the initial access list; empty for none; {@code null} when the property cannot be read */
    static Set<NodeName> spawnNodes(ServiceReference<?> reference, Name name) {
        Object value = reference.getProperty(ProcessFactory.SPAWN_NODES);
        List<Object> items = new ArrayList<>();
        if (value == null) {
            return Set.of();
        } else if (value instanceof String text) {
            items.add(text);
        } else if (value instanceof Object[] array) {
            items.addAll(Arrays.asList(array));
        } else if (value instanceof Collection<?> collection) {
            items.addAll(collection);
        } else {
            items.add(value);
        }
        Set<NodeName> nodes = new LinkedHashSet<>();
        for (Object item : items) {
            try {
                if (!(item instanceof String text)) {
                    throw new IllegalArgumentException("not a String: " + item);
                }
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        nodes.add(NodeName.parse(part.trim()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "spawn name ''{0}'' from {1}: property {2} has an invalid node name ({3});"
                    + " remote spawn of it stays disabled until fixed (spore:enable-spawn {0} NODE...)", name,
                    provider(reference), ProcessFactory.SPAWN_NODES, e.getMessage());
                return null;
            }
        }
        return nodes;
    }

    private static String symbolicName(ServiceReference<?> reference) {
        var bundle = reference.getBundle();
        return bundle == null || bundle.getSymbolicName() == null ? "unknown" : bundle.getSymbolicName();
    }

    private static int ranking(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    private static String provider(ServiceReference<?> reference) {
        var bundle = reference.getBundle();
        return bundle == null ? "an unregistered service"
            : bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId() + ")";
    }
}
