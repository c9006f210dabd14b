package io.spore.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every registered subscriber, by address: registering an address again (a subscriber that restarted) replaces its
 * filter and keeps what was waiting for it. The registrations are kept in a file beside the socket (mode 0600), so a
 * daemon that restarts notifies the same subscribers. Thread-safe.
 */
final class Subscribers implements AutoCloseable {
    private final Map<String, SubscriberLink> byAddress = new ConcurrentHashMap<>();
    private final Path store;

    /** @param store where registrations are kept across restarts, or {@code null} to keep them in memory only */
    Subscribers(Path store) {
        this.store = store;
    }

    /**
     * Registers again whoever the store lists.
     *
     * @return how many
     * @throws LaunchException when the store exists but cannot be read
     */
    int restore() {
        if (store == null || !Files.exists(store)) {
            return 0;
        }
        Registration[] saved;
        try {
            saved = Json.MAPPER.readValue(Files.readString(store), Registration[].class);
        } catch (IOException e) {
            throw new LaunchException("cannot read the saved subscribers in " + store + ": " + e.getMessage()
                + "; remove the file to start without them");
        }
        for (Registration registration : saved) {
            byAddress.put(registration.address(), new SubscriberLink(HostPort.parse(registration.address()),
                Glob.of(registration.filter()), List.of()));
        }
        return saved.length;
    }

    /** One saved registration. */
    record Registration(String address, String filter) {
    }

    private synchronized void save() {
        if (store == null) {
            return;
        }
        List<Registration> registrations = byAddress.values().stream()
            .map(link -> new Registration(link.address().toString(), link.view().filter()))
            .sorted(java.util.Comparator.comparing(Registration::address)).toList();
        try {
            Path temporary = store.resolveSibling(store.getFileName() + ".tmp");
            Files.writeString(temporary, Json.write(registrations));
            Files.setPosixFilePermissions(temporary, LaunchSocket.OWNER_ONLY_FILE);
            Files.move(temporary, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LaunchException("the subscription is active but could not be saved in " + store + ": "
                + e.getMessage() + "; it will be lost when the daemon restarts");
        }
    }

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
        save();
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
        save();
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
