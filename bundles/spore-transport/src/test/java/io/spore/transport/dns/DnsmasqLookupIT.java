package io.spore.transport.dns;

import io.spore.api.NodeName;
import io.spore.testsupport.Await;
import io.spore.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dns provider's questions through JNDI to a real DNS server, Debian's dnsmasq on a loopback port with records of
 * the test's own: SRV records to endpoints and members, and A/AAAA records at a port. (Nodes that find each other
 * this way are in the distribution's {@code DnsDiscoveryIT}.)
 */
@Timeout(60)
class DnsmasqLookupIT {
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    @TempDir
    Path dir;
    private Process dnsmasq;

    @AfterEach
    void stop() throws InterruptedException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(10, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly();
            }
        }
    }

    @Test
    void srvAndAddressRecordsComeThroughJndi() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(DNSMASQ), "dnsmasq is not installed (Debian's dnsmasq-base;"
            + " .ci/run installs it): the real DNS test is skipped");
        int port = FreePorts.tcp();
        start(port, List.of("srv-host=_spore._udp.spore.test,a.spore.test,7001,0,0",
            "srv-host=_spore._udp.spore.test,b.spore.test,7002,0,0",
            "host-record=a.spore.test,127.0.0.2", "host-record=b.spore.test,127.0.0.3,::1"));
        String server = "127.0.0.1:" + port;
        try (DnsDiscovery srv = DnsDiscovery.create(new DnsSettings("_spore._udp.spore.test", 0, server, "w",
            Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
            assertEquals(List.of(new InetSocketAddress("127.0.0.2", 7001)),
                srv.resolve(NodeName.parse("w@a.spore.test")));
            assertEquals(List.of(new InetSocketAddress("127.0.0.3", 7002), new InetSocketAddress("::1", 7002)),
                srv.resolve(NodeName.parse("w@b.spore.test")));
            assertEquals(List.of(), srv.resolve(NodeName.parse("w@c.spore.test")));
            assertEquals(Set.of(NodeName.parse("w@a.spore.test"), NodeName.parse("w@b.spore.test")), srv.members());
        }
        try (DnsDiscovery addresses = DnsDiscovery.create(new DnsSettings(null, 4380, server, null,
            Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
            assertEquals(List.of(new InetSocketAddress("127.0.0.3", 4380), new InetSocketAddress("::1", 4380)),
                addresses.resolve(NodeName.parse("any@b.spore.test")));
            assertEquals(List.of(), addresses.resolve(NodeName.parse("any@nowhere.spore.test")));
        }
    }

    private void start(int port, List<String> records) throws IOException {
        List<String> lines = new ArrayList<>(List.of("port=" + port, "listen-address=127.0.0.1", "bind-interfaces",
            "no-resolv", "no-hosts", "no-poll", "local=/spore.test/", "pid-file="));
        lines.addAll(records);
        Path config = Files.write(dir.resolve("dnsmasq.conf"), lines);
        Path log = dir.resolve("dnsmasq.log");
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=" + config,
            "--log-facility=-").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean up = Await.until(Duration.ofSeconds(20), () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return !dnsmasq.isAlive();
            }
        });
        assertTrue(up && dnsmasq.isAlive(), "dnsmasq did not start: " + Files.readString(log));
    }
}
