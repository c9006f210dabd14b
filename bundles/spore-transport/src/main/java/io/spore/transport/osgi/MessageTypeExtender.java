package io.spore.transport.osgi;

import io.spore.api.SporeException;
import io.spore.wire.TypeRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the message types that bundles declare in their {@link MessageTypesHeader#NAME} manifest header (the
 * format is described there) in the transport's {@link TypeRegistry}, while they are starting or active, and
 * withdraws exactly those types when they stop. The customizer of a {@code BundleTracker} over
 * {@code Bundle.STARTING | Bundle.ACTIVE}, which {@link TransportActivator} opens; closing the tracker withdraws
 * everything.
 *
 * <p>Each class is loaded by its declaring bundle's class loader. An entry that cannot be registered (malformed, a
 * class the bundle cannot load, neither a record nor an enum, a wire name taken by another bundle's class) is one
 * line at WARNING naming the bundle, the entry and what to do; the bundle's other entries still register. When two
 * bundles declare the same class under the same name (one imports it from the other), it stays registered until
 * the last of them stops. A type registered in code, not by a header, is never withdrawn here.
 *
 * <p>Threading: the tracker calls it from the framework's threads, possibly at once; each call holds this object's
 * lock, and the registry's readers never wait for it.
 */
public final class MessageTypeExtender implements BundleTrackerCustomizer<List<MessageTypeExtender.Registered>> {
    /**
     * A type a bundle's header registered (or shares with another bundle's).
     *
     * @param entry the header's entry
     * @param type  the class, from the bundle's class loader
     */
    public record Registered(MessageTypesHeader.Entry entry, Class<?> type) {
    }

    private static final System.Logger LOG = System.getLogger(MessageTypeExtender.class.getName());

    private final TypeRegistry registry;
    /** The bundles whose headers hold each class registered here, first the one that registered it. */
    private final Map<Class<?>, List<Bundle>> claims = new HashMap<>();

    /** @param registry the registry the transport encodes and decodes with */
    public MessageTypeExtender(TypeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized List<Registered> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(MessageTypesHeader.NAME);
        if (header == null) {
            return null;
        }
        MessageTypesHeader.Parsed parsed = MessageTypesHeader.parse(header);
        for (String problem : parsed.problems()) {
            warn(bundle, "has a " + MessageTypesHeader.NAME + " entry that is skipped: " + problem);
        }
        List<Registered> registered = new ArrayList<>();
        for (MessageTypesHeader.Entry entry : parsed.entries()) {
            Registered done = register(bundle, entry);
            if (done != null) {
                registered.add(done);
            }
        }
        return List.copyOf(registered);
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<Registered> registered) {
        // STARTING to ACTIVE changes nothing; an update stops the bundle first, which withdraws its types
    }

    @Override
    public synchronized void removedBundle(Bundle bundle, BundleEvent event, List<Registered> registered) {
        for (Registered each : registered) {
            List<Bundle> holders = claims.get(each.type());
            if (holders == null || !holders.remove(bundle) || !holders.isEmpty()) {
                continue;
            }
            claims.remove(each.type());
            registry.unregister(each.type());
        }
    }

    private Registered register(Bundle bundle, MessageTypesHeader.Entry entry) {
        Class<?> type;
        try {
            type = bundle.loadClass(entry.className());
        } catch (ClassNotFoundException | LinkageError e) {
            warn(bundle, "cannot load the class of its " + MessageTypesHeader.NAME + " entry '" + entry + "' (" + e
                + "); check the class name, and that the bundle contains the class or imports its package");
            return null;
        } catch (IllegalStateException e) {
            return null; // uninstalled meanwhile
        }
        Class<?> current = registry.registered().get(entry.wireName());
        if (current == type) {
            List<Bundle> holders = claims.get(type);
            if (holders == null) {
                return null; // registered in code, which owns it; nothing to withdraw when this bundle stops
            }
            if (!holders.contains(bundle)) {
                holders.add(bundle);
            }
            return new Registered(entry, type);
        }
        if (current != null) {
            warn(bundle, "cannot register its " + MessageTypesHeader.NAME + " entry '" + entry + "': the wire name is"
                + " taken by " + current.getName() + " " + ownerOf(current) + "; give one of the types another"
                + " wire name (on every node), or stop the other bundle");
            return null;
        }
        try {
            registry.register(entry.wireName(), type);
        } catch (SporeException e) {
            warn(bundle, "skipped its " + MessageTypesHeader.NAME + " entry '" + entry + "' (" + e.getMessage()
                + "); correct or remove the entry");
            return null;
        }
        claims.computeIfAbsent(type, t -> new ArrayList<>(1)).add(bundle);
        return new Registered(entry, type);
    }

    private String ownerOf(Class<?> type) {
        List<Bundle> holders = claims.get(type);
        return holders == null || holders.isEmpty() ? "(registered in code)" : "of bundle " + describe(holders.get(0));
    }

    private static void warn(Bundle bundle, String what) {
        LOG.log(System.Logger.Level.WARNING, "bundle " + describe(bundle) + " " + what);
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
