package io.spore.transport.osgi;

import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.transport.TransportContext;
import io.spore.transport.dns.DnsDiscovery;
import io.spore.transport.dns.DnsSettings;
import io.spore.transport.naming.DiscoveryChain;

import java.util.List;

/**
 * Reads the discovery settings, {@code spore.discovery.*}: the order of the providers, and the {@code dns}
 * provider's settings. Whether every name of the order has a provider is known only when the transport starts, once
 * the providers registered as services are known; here the names are only checked for form.
 *
 * <p>Threading: stateless.
 */
final class DiscoverySettings {
    private DiscoverySettings() {
    }

    /**
     * @param properties the settings
     * @param context    given the order and the {@code dns} settings, if any
     * @throws SporeException {@code INVALID_ARGUMENT} beginning with the name of the property at fault
     */
    static void read(PropertySource properties, TransportContext context) {
        List<String> order;
        try {
            order = DiscoveryChain.parseOrder(SporeProperties.DISCOVERY_ORDER.read(properties));
        } catch (SporeException e) {
            throw SporeProperties.DISCOVERY_ORDER.invalid(e.getMessage());
        }
        context.discoveryOrder(order);
        String service = SporeProperties.DISCOVERY_DNS_SERVICE.read(properties);
        Integer port = SporeProperties.DISCOVERY_DNS_PORT.read(properties);
        if (service == null && port == null) {
            if (order.contains(DnsDiscovery.NAME)) {
                throw SporeProperties.DISCOVERY_ORDER.invalid("the dns provider needs "
                    + SporeProperties.DISCOVERY_DNS_SERVICE.name() + " (an SRV name) or "
                    + SporeProperties.DISCOVERY_DNS_PORT.name() + " (the port of nodes found by their A/AAAA records)");
            }
            return;
        }
        try {
            context.dnsDiscovery(new DnsSettings(service, port == null ? 0 : port,
                SporeProperties.DISCOVERY_DNS_SERVER.read(properties),
                SporeProperties.DISCOVERY_DNS_NODE_NAME.read(properties),
                SporeProperties.DISCOVERY_DNS_INTERVAL.read(properties), TransportContext.DEFAULT_LOOKUP_TIMEOUT));
        } catch (SporeException e) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "spore.discovery.dns.*: "
                + e.getMessage());
        }
    }
}
