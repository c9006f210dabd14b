package io.spore.distribution.cli;

import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import io.spore.distribution.framework.NodeConfig;
import io.spore.distribution.framework.Route;
import io.spore.transport.WireSecurity;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a node finds and joins the others, shared by {@code spore node} and the client commands ({@code send},
 * {@code call}, {@code ping}), which join as short-lived nodes: the cookie, the name service, static routes and an
 * external media driver. Options left out are left to the transport's defaults.
 */
public final class NetworkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--cookie-file", paramLabel = "FILE",
        description = "The cookie, the secret shared by the nodes that may talk to each other; the file must exist"
            + " and be readable by its owner only (chmod 600). Default: ~/.spore/cookie, made on first use.")
    Path cookieFile;

    @Option(names = "--wire-security", paramLabel = "MODE", converter = WireSecurityConverter.class,
        description = "How frames are protected after the handshake: sealed (encrypted and authenticated, the"
            + " default), authenticated (clear but tagged: forged, replayed and altered frames are dropped) or none"
            + " (clear; needs --insecure-network). Every node a node talks to must run the same.")
    WireSecurity wireSecurity;

    @Option(names = "--insecure-network",
        description = "Vouch for the network: required for --wire-security none, which then warns at every start.")
    boolean insecureNetwork;

    @Option(names = "--name-service-port", paramLabel = "PORT", converter = PortConverter.class,
        description = "TCP port of the host's name service, where nodes find each other by name (the first node"
            + " on a host serves it). Default: 4370.")
    Integer nameServicePort;

    @Option(names = "--name-service-bind", paramLabel = "ADDR",
        description = "Address the host's name service listens on when this node serves it: 0.0.0.0 (or an"
            + " interface's address) lets nodes on other hosts look names up; registering stays this host's."
            + " Default: 127.0.0.1, this host only (other hosts then reach its nodes through --route).")
    String nameServiceBind;

    @Option(names = "--route", paramLabel = "NAME@HOST=ADDR:PORT", converter = RouteConverter.class,
        description = "Reach node NAME@HOST at UDP ADDR:PORT without asking its host's name service; repeat for"
            + " more nodes.")
    List<Route> routes = new ArrayList<>();

    @Option(names = "--discovery", paramLabel = "ORDER",
        description = "The discovery providers asked for a node's address, in order, separated by commas: routes,"
            + " nameservice, dns, or one a bundle registers; the first that knows the node wins."
            + " Default: routes,nameservice.")
    String discoveryOrder;

    @Option(names = "--dns-service", paramLabel = "NAME",
        description = "For the dns provider: an SRV name whose records (target and port) are the nodes, e.g."
            + " _spore._udp.workers.default.svc.cluster.local.")
    String dnsService;

    @Option(names = "--dns-port", paramLabel = "PORT", converter = PortConverter.class,
        description = "For the dns provider: the UDP port of every node found by its host's A/AAAA records (a"
            + " headless service without named ports).")
    Integer dnsPort;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "The DNS server the dns provider asks. Default: the system's.")
    String dnsServer;

    @Option(names = "--dns-node-name", paramLabel = "NAME",
        description = "For the dns provider: the name part of the nodes its SRV records list (NAME@TARGET), whose"
            + " joins and leaves the node logs.")
    String dnsNodeName;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the external Aeron media driver of DIR, shared by the nodes of this host."
            + " Default: the node embeds its own driver.")
    Path aeronDir;

    /**
     * Checks what the converters cannot see alone and copies the options into {@code config}.
     *
     * @throws ParameterException on a bad combination, for the one-line usage error
     */
    public NodeConfig applyTo(NodeConfig config) {
        if (nameServicePort != null && nameServicePort == 0) {
            throw new ParameterException(spec.commandLine(), "--name-service-port must be from 1 to 65535, not 0");
        }
        if (cookieFile != null && !Files.isRegularFile(cookieFile)) {
            throw new ParameterException(spec.commandLine(), "--cookie-file " + cookieFile + (Files.exists(cookieFile)
                ? " is not a regular file" : " does not exist") + ": name an existing file (mode 600), or leave the"
                + " option out to use ~/.spore/cookie");
        }
        if (aeronDir != null && !Files.isDirectory(aeronDir)) {
            throw new ParameterException(spec.commandLine(), "--aeron-dir " + aeronDir + " is not a directory:"
                + " start the media driver first, or leave the option out to embed one");
        }
        Set<Object> routed = new HashSet<>();
        for (Route route : routes) {
            if (!routed.add(route.node())) {
                throw new ParameterException(spec.commandLine(), "--route names " + route.node() + " twice");
            }
        }
        if (wireSecurity == WireSecurity.NONE && !insecureNetwork) {
            throw new ParameterException(spec.commandLine(), "--wire-security none sends every frame in clear, where"
                + " anyone on the network can read it and inject frames; add --insecure-network to confirm that the"
                + " network is trusted, or leave the option out (sealed)");
        }
        Map<String, String> discovery = new TreeMap<>();
        putIfSet(discovery, SporeProperties.DISCOVERY_ORDER, discoveryOrder);
        putIfSet(discovery, SporeProperties.DISCOVERY_DNS_SERVICE, dnsService);
        putIfSet(discovery, SporeProperties.DISCOVERY_DNS_PORT, dnsPort);
        putIfSet(discovery, SporeProperties.DISCOVERY_DNS_SERVER, dnsServer);
        putIfSet(discovery, SporeProperties.DISCOVERY_DNS_NODE_NAME, dnsNodeName);
        return config.cookieFile(cookieFile)
            .discovery(discovery)
            .wireSecurity(wireSecurity)
            .insecureNetwork(insecureNetwork)
            .nameServicePort(nameServicePort)
            .nameServiceBind(nameServiceBind)
            .routes(routes)
            .aeronDir(aeronDir);
    }

    private static void putIfSet(Map<String, String> settings, SporeProperty<?> property, Object value) {
        if (value != null) {
            settings.put(property.name(), value.toString());
        }
    }
}
