package io.spore.api.host;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Finding the owner of a local connection's other end in the kernel's socket tables. */
class LocalPeersTest {
    private static final List<String> TABLE = List.of(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 100 1",
        "   1: 0100007F:A7F3 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 101 1",
        "   2: 0100007F:1F90 0100007F:A7F3 01 00000000:00000000 00:00000000 00000000     0        0 102 1");
    private static final List<String> TABLE6 = List.of(
        "  sl  local_address                         remote_address                        st tx_queue rx_queue tr"
            + " tm->when retrnsmt   uid  timeout inode",
        "   0: 0000000000000000FFFF00000100007F:A7F4 0000000000000000FFFF00000100007F:1F90 01 00000000:00000000"
            + " 00:00000000 00000000 65534        0 103 1",
        "   1: 00000000000000000000000001000000:B000 00000000000000000000000001000000:1F90 01 00000000:00000000"
            + " 00:00000000 00000000  1001        0 104 1");

    @Test
    void theLineWhoseLocalEndIsThePeerGivesItsOwner() throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample tables are a little-endian host's");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress server = new InetSocketAddress(loopback, 8080);
        assertEquals(OptionalInt.of(1000), LocalPeers.ownerOf(TABLE, new InetSocketAddress(loopback, 0xA7F3),
            server));
        assertEquals(OptionalInt.empty(), LocalPeers.ownerOf(TABLE, new InetSocketAddress(loopback, 0xA7F4),
            server));
        // A dual-stack socket (Java's default) lists an IPv4 connection with IPv4-mapped addresses.
        assertEquals(OptionalInt.of(65534), LocalPeers.ownerOf(TABLE6, new InetSocketAddress(loopback, 0xA7F4),
            server));
        InetAddress loopback6 = InetAddress.getByName("::1");
        assertEquals(OptionalInt.of(1001), LocalPeers.ownerOf(TABLE6, new InetSocketAddress(loopback6, 0xB000),
            new InetSocketAddress(loopback6, 8080)));
    }

    @Test
    void aConnectionOfThisProcessBelongsToItsUser() throws Exception {
        LocalPeers peers = LocalPeers.system();
        assumeTrue(peers != null, "no /proc/net/tcp here");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            assertNotNull(client);
            assertEquals(OptionalInt.of(peers.ownUid()), peers.ownerOf(
                (InetSocketAddress) accepted.getRemoteSocketAddress(),
                (InetSocketAddress) accepted.getLocalSocketAddress()));
        }
    }
}
