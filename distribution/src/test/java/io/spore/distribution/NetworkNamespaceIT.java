package io.spore.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes on two network hosts: each in a network namespace of its own ({@code ip netns}), joined by a veth pair
 * with an address in a private /24 at each end ({@link NamespacePair}), so the traffic leaves one network stack and
 * enters another as it would between machines. The nodes bind their veth addresses and reach each other through
 * static routes, since each namespace has its own name service on its own loopback. Needs root (or CAP_NET_ADMIN
 * and CAP_SYS_ADMIN); skipped, saying why, where {@code ip netns add} is refused. The namespaces (and with them the
 * veth pair) are always deleted afterwards.
 */
@Timeout(180)
class NetworkNamespaceIT {
    private static final int PORT = 40400;

    @TempDir
    Path tmp;

    private TwoHosts two;

    @BeforeEach
    void makeHosts() throws Exception {
        two = TwoHosts.start(tmp, "it", 77, PORT);
    }

    @AfterEach
    void deleteHosts() throws Exception {
        if (two != null) {
            two.close();
        }
    }

    @Test
    void nodesOnTwoHostsCallEachOther() throws Exception {
        ClusterNode a = two.a;
        ClusterNode b = two.b;
        String echoB = b.spawn("echo");
        assertEquals("across hosts", a.call(echoB, "across hosts"), a.process().output() + b.process().output());
        String echoA = a.spawn("echo");
        assertEquals("and back", b.call(echoA, "and back"), b.process().output());
    }
}
