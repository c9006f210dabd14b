package io.spore.transport.dns;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.transport.discovery.MembershipEvent;
import io.spore.transport.discovery.MembershipWatch;
import io.spore.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SRV and A/AAAA mapping of the dns provider, over a lookup of fixed answers (the real server is in an IT). */
@Timeout(30)
class DnsDiscoveryTest {
    private static final String SERVICE = "_spore._udp.test";
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Fixed answers: SRV records by name, addresses by host. */
    private static final class Answers implements DnsLookup {
        final Map<String, List<SrvRecord>> srv = new ConcurrentHashMap<>();
        final Map<String, List<InetAddress>> hosts = new ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public List<SrvRecord> srv(String name) {
            failIfDown();
            return srv.getOrDefault(name, List.of());
        }

        @Override
        public List<InetAddress> addresses(String host) {
            failIfDown();
            return hosts.getOrDefault(host, List.of());
        }

        private void failIfDown() {
            if (down) {
                throw new SporeException(SporeException.Reason.NODE_DOWN, "the DNS server did not answer");
            }
        }
    }

    @Test
    void anSrvRecordWhoseTargetIsTheHostGivesTheEndpoint() throws Exception {
        Answers answers = new Answers();
        answers.srv.put(SERVICE, List.of(record("10 0 7001 a.test."), record("10 0 7002 b.test."),
            record("0 5 7003 b.test.")));
        answers.hosts.put("a.test", List.of(address("127.0.0.11")));
        answers.hosts.put("b.test", List.of(address("127.0.0.12"), address("::1")));
        DnsDiscovery dns = new DnsDiscovery(settings(SERVICE, 0, "worker"), answers);

        assertEquals(List.of(new InetSocketAddress("127.0.0.11", 7001)), dns.resolve(NodeName.parse("worker@a.test")));
        assertEquals(List.of(new InetSocketAddress("127.0.0.12", 7003), new InetSocketAddress("::1", 7003),
                new InetSocketAddress("127.0.0.12", 7002), new InetSocketAddress("::1", 7002)),
            dns.resolve(NodeName.parse("worker@B.test")), "lower priority first; names compared without case");
        assertEquals(List.of(), dns.resolve(NodeName.parse("other@a.test")), "another name is not this service's");
        assertEquals(List.of(), dns.resolve(NodeName.parse("worker@c.test")), "no record: left to the next");
        assertEquals(Set.of(NodeName.parse("worker@a.test"), NodeName.parse("worker@b.test")), dns.members());
        assertTrue(dns.listsMembers());
    }

    @Test
    void withAPortAHostsAddressesAreTheNode() throws Exception {
        Answers answers = new Answers();
        answers.hosts.put("web-0.workers.default.svc.cluster.local", List.of(address("10.1.2.3")));
        DnsDiscovery dns = new DnsDiscovery(settings(null, 4380, null), answers);
        assertEquals(List.of(new InetSocketAddress("10.1.2.3", 4380)),
            dns.resolve(NodeName.parse("any@web-0.workers.default.svc.cluster.local")));
        assertEquals(List.of(), dns.resolve(NodeName.parse("any@web-9.workers.default.svc.cluster.local")));
        assertFalse(dns.listsMembers());
        assertThrows(UnsupportedOperationException.class, dns::members);
        assertThrows(UnsupportedOperationException.class, () -> dns.watch(event -> { }));
    }

    @Test
    void aServerThatDoesNotAnswerIsADefiniteNodeDown() {
        Answers answers = new Answers();
        answers.down = true;
        DnsDiscovery dns = new DnsDiscovery(settings(SERVICE, 0, null), answers);
        SporeException e = assertThrows(SporeException.class, () -> dns.resolve(NodeName.parse("a@a.test")));
        assertEquals(SporeException.Reason.NODE_DOWN, e.reason());
    }

    @Test
    void aWatchTellsJoinsAndLeavesButNotAnOutage() throws Exception {
        Answers answers = new Answers();
        answers.srv.put(SERVICE, List.of(record("0 0 7001 a.test"), record("0 0 7002 b.test")));
        List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        try (DnsDiscovery dns = new DnsDiscovery(settings(SERVICE, 0, "n"), answers)) {
            MembershipWatch watch = dns.watch(events::add);
            assertTrue(Await.until(Duration.ofSeconds(10), () -> events.size() == 2), events.toString());
            assertEquals(List.of(new MembershipEvent("dns", NodeName.parse("n@a.test"), true),
                new MembershipEvent("dns", NodeName.parse("n@b.test"), true)), new ArrayList<>(events));

            answers.down = true;
            Thread.sleep(1_200); // two readings fail: nothing is said
            assertEquals(2, events.size(), events.toString());
            answers.srv.put(SERVICE, List.of(record("0 0 7001 a.test")));
            answers.down = false;
            assertTrue(Await.until(Duration.ofSeconds(10), () -> events.size() == 3), events.toString());
            assertEquals(new MembershipEvent("dns", NodeName.parse("n@b.test"), false), events.get(2));
            assertEquals("n@b.test left (discovery dns)", events.get(2).toString());

            watch.close();
            answers.srv.put(SERVICE, List.of());
            Thread.sleep(1_200); // two readings after the close: nothing is said
            assertEquals(3, events.size(), events.toString());
        }
    }

    @Test
    void recordsAndSettingsAreBounded() {
        assertTrue(SrvRecord.parse("1 2 3 x.").isPresent());
        for (String bad : new String[] {"1 2 0 x.", "1 2 65536 x.", "1 2 3 .", "1 2 3", "a b c d", "1 2 3 x y",
            "1 2 3 " + "a".repeat(300)}) {
            assertFalse(SrvRecord.parse(bad).isPresent(), bad);
        }
        assertTrue(JndiDnsLookup.literal("10.0.0.1").isPresent());
        assertTrue(JndiDnsLookup.literal("fe80::1").isPresent());
        assertFalse(JndiDnsLookup.literal("10.0.0.256").isPresent());
        assertFalse(JndiDnsLookup.literal("ab.cd").isPresent(), "never looked up through the system's resolver");
        assertThrows(SporeException.class, () -> settings(null, 0, null));
        assertThrows(SporeException.class, () -> settings("bad name", 0, null));
        assertThrows(SporeException.class, () -> settings(SERVICE, 0, "bad@name"));
        assertEquals(DnsSettings.MIN_INTERVAL, new DnsSettings(SERVICE, 0, null, null, Duration.ofMillis(1), SECOND)
            .interval());
    }

    private static DnsSettings settings(String service, int port, String nodeName) {
        return new DnsSettings(service, port, "127.0.0.1:5353", nodeName, Duration.ofMillis(500), SECOND);
    }

    private static SrvRecord record(String text) {
        return SrvRecord.parse(text).orElseThrow();
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
