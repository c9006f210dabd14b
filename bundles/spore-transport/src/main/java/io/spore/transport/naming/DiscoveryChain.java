package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.discovery.NodeDiscovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds a node by asking the discovery providers in the configured order: the first that knows the node wins, one
 * that answers definitely (a {@code NODE_DOWN}) ends the search, and when none knows it the error names every
 * provider asked. The built-in providers ({@code routes}, {@code nameservice}) are always there; the registered ones
 * are read at each lookup, so a provider that leaves is skipped and one that comes back is asked again.
 *
 * <p>Thread-safe: immutable, over the registered providers' snapshot. {@link #resolve} blocks as long as the
 * providers it asks do; call it where connections are made, never on a receive thread.
 */
public final class DiscoveryChain {
    /** Today's behaviour: static routes first, then the name service of the node's host. */
    public static final List<String> DEFAULT_ORDER = List.of(RoutesDiscovery.NAME, NameServiceDiscovery.NAME);
    /** A provider's name: what {@code spore.discovery.order} may hold. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final List<String> order;
    private final Map<String, NodeDiscovery> builtIns;
    private final DiscoveryProviders registered;

    private DiscoveryChain(List<String> order, Map<String, NodeDiscovery> builtIns, DiscoveryProviders registered) {
        this.order = order;
        this.builtIns = builtIns;
        this.registered = registered;
    }

    /**
     * @param order      the providers' names, in the order to ask them
     * @param builtIns   the transport's own providers
     * @param registered the providers registered from outside
     * @return the chain
     * @throws SporeException {@code INVALID_ARGUMENT} naming the first name of {@code order} that no provider has
     */
    public static DiscoveryChain create(List<String> order, List<NodeDiscovery> builtIns,
                                        DiscoveryProviders registered) {
        Map<String, NodeDiscovery> own = new LinkedHashMap<>();
        builtIns.forEach(provider -> own.put(provider.name(), provider));
        List<String> unknown = unknown(order, known(own.keySet(), registered.names()));
        if (!unknown.isEmpty()) {
            throw unknownProvider(unknown.get(0), known(own.keySet(), registered.names()));
        }
        return new DiscoveryChain(List.copyOf(order), Map.copyOf(own), registered);
    }

    /**
     * Reads the order as written in {@code spore.discovery.order}: names separated by commas or white space.
     *
     * @param text the setting; {@code null} or blank for {@link #DEFAULT_ORDER}
     * @return the names, in order
     * @throws SporeException {@code INVALID_ARGUMENT} naming a word that is not a provider's name, or one given twice
     */
    public static List<String> parseOrder(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_ORDER;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String word : text.trim().split("[,\\s]+")) {
            if (!NAME.matcher(word).matches()) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "'" + word + "' is not a discovery"
                    + " provider's name (lower-case letters, digits and -, for example routes,nameservice,dns)");
            }
            if (!names.add(word)) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "'" + word + "' is named twice");
            }
        }
        return List.copyOf(names);
    }

    /**
     * @param order the providers' names
     * @param known the names of the providers there are
     * @return the names of {@code order} that are not known, in order
     */
    public static List<String> unknown(List<String> order, Set<String> known) {
        return order.stream().filter(name -> !known.contains(name)).toList();
    }

    /**
     * @param name  a name no provider has
     * @param known the names of the providers there are
     * @return the error that says so, in one line
     */
    public static SporeException unknownProvider(String name, Set<String> known) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, "spore.discovery.order: no discovery"
            + " provider is named '" + name + "' (there are: " + String.join(", ", new TreeSet<>(known)) + "); fix"
            + " the order, or start the bundle that provides it");
    }

    private static Set<String> known(Set<String> builtIns, Set<String> registered) {
        Set<String> known = new LinkedHashSet<>(builtIns);
        known.addAll(registered);
        return known;
    }

    /** @return the providers' names, in the order they are asked */
    public List<String> order() {
        return order;
    }

    /** @return the providers of the order that run now, in order */
    public List<NodeDiscovery> providers() {
        List<NodeDiscovery> providers = new ArrayList<>();
        for (String name : order) {
            NodeDiscovery provider = provider(name);
            if (provider != null) {
                providers.add(provider);
            }
        }
        return providers;
    }

    /**
     * @param node the node to reach
     * @return its endpoints, from the first provider that knows it; never empty
     * @throws SporeException {@code NODE_DOWN} when a provider answers so, or none knows the node (the message names
     *                        each provider asked)
     */
    public List<InetSocketAddress> resolve(NodeName node) {
        List<String> asked = new ArrayList<>();
        for (String name : order) {
            NodeDiscovery provider = provider(name);
            if (provider == null) {
                asked.add(name + " (not running)");
                continue;
            }
            List<InetSocketAddress> endpoints;
            try {
                endpoints = provider.resolve(node);
            } catch (SporeException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot find " + node + ": the discovery"
                    + " provider " + name + " failed: " + e, e);
            }
            if (endpoints != null && !endpoints.isEmpty()) {
                return endpoints;
            }
            asked.add(name);
        }
        throw new SporeException(SporeException.Reason.NODE_DOWN, "no discovery provider knows " + node + " (asked "
            + String.join(", ", asked) + "): is it started, and does spore.discovery.order name the provider that"
            + " knows it?");
    }

    /**
     * Picks the endpoint of one connection attempt: the attempts go round the endpoints, so a node with several
     * addresses is reached on another when one fails.
     *
     * @param node      the node, for the error
     * @param endpoints what {@link #resolve} gave
     * @param attempt   the attempt's number, from 1
     * @return the endpoint, resolved
     * @throws SporeException {@code NODE_DOWN} when its host is unknown
     */
    public static InetSocketAddress pick(NodeName node, List<InetSocketAddress> endpoints, long attempt) {
        InetSocketAddress endpoint = endpoints.get((int) Math.floorMod(attempt - 1, (long) endpoints.size()));
        if (!endpoint.isUnresolved()) {
            return endpoint;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(endpoint.getHostString()), endpoint.getPort());
        } catch (UnknownHostException e) {
            throw new SporeException(SporeException.Reason.NODE_DOWN, "cannot reach " + node + ": host "
                + endpoint.getHostString() + " is unknown", e);
        }
    }

    private NodeDiscovery provider(String name) {
        NodeDiscovery own = builtIns.get(name);
        return own != null ? own : registered.get(name);
    }
}
