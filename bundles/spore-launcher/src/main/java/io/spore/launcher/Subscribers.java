package io.spore.launcher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every registered subscriber, by address: registering an address again (a subscriber that restarted) replaces its
 * filter and keeps what was waiting for it. Thread-safe.
 */
final class Subscribers implements AutoCloseable {
    private final Map<String, SubscriberLink> byAddress = new ConcurrentHashMap<>();

    /** @return a line saying what was done */
    String subscribe(String address, String filter) {
        HostPort parsed = HostPort.parse(address);
        if (parsed.host().isEmpty() || parsed.port() == 0) {
            throw new LaunchException("cannot notify " + address + ": a subscriber must give a host and a port the"
                + " launcher can connect to");
        }
        Glob glob = Glob.of(filter);
        String key = parsed.toString();
        boolean[] again = {false};
        byAddress.compute(key, (k, old) -> {
            List<ProcessEnd> pending = List.of();
            if (old != null) {
                again[0] = true;
                pending = old.closeAndDrain();
            }
            return new SubscriberLink(parsed, glob, pending);
        });
        if (again[0]) {
            return "subscriber " + key + " registered again, filter " + glob;
        }
        return "subscriber " + key + " registered, filter " + glob;
    }

    /** @return a line saying what was done */
    String unsubscribe(String address) {
        String key = HostPort.parse(address).toString();
        SubscriberLink link = byAddress.remove(key);
        if (link == null) {
            throw new LaunchException("no subscriber at " + key + ": 'spore launch subscribers' lists them");
        }
        link.close();
        return "subscriber " + key + " removed";
    }

    void publish(ProcessEnd end) {
        byAddress.values().forEach(link -> link.offer(end));
    }

    List<Subscription> list() {
        return byAddress.values().stream().map(SubscriberLink::view)
            .sorted(java.util.Comparator.comparing(Subscription::address)).toList();
    }

    @Override
    public void close() {
        byAddress.values().forEach(SubscriberLink::close);
        byAddress.clear();
    }
}
