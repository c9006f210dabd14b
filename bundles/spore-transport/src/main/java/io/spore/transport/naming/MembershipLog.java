package io.spore.transport.naming;

import io.spore.api.NodeName;
import io.spore.transport.discovery.MembershipWatch;
import io.spore.transport.discovery.NodeDiscovery;

import java.util.ArrayList;
import java.util.List;

/**
 * Says at INFO which nodes join and leave the providers of a chain that can watch members ({@code dns}, say), so an
 * operator sees what discovery sees: one line per event, {@code b@host joined (discovery dns)}.
 *
 * <p>Threading: started and closed by the connector's owner; the lines come from each provider's thread.
 */
public final class MembershipLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MembershipLog.class.getName());

    private final List<MembershipWatch> watches = new ArrayList<>();

    /**
     * Watches the providers of {@code chain} that list members and run now.
     *
     * @param chain the chain
     * @param self  this node, named in the lines
     * @return the log, to close with the transport
     */
    public static MembershipLog start(DiscoveryChain chain, NodeName self) {
        MembershipLog log = new MembershipLog();
        for (NodeDiscovery provider : chain.providers()) {
            if (provider.listsMembers()) {
                try {
                    log.watches.add(provider.watch(event -> LOG.log(System.Logger.Level.INFO, self + ": " + event)));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, self + " cannot watch the members of the discovery provider "
                        + provider.name() + ": " + e.getMessage());
                }
            }
        }
        return log;
    }

    @Override
    public void close() {
        watches.forEach(MembershipWatch::close);
        watches.clear();
    }
}
