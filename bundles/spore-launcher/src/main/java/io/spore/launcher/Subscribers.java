package io.spore.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every registered subscriber, by address: registering an address again (a subscriber that restarted) replaces its
 * filter and secret and keeps what was waiting for it. The registrations, each subscriber's key included, are kept in
 * a file beside the socket (mode 0600, in the socket's folder of mode 0700), so a daemon that restarts notifies the
 * same subscribers. Thread-safe.
 */
final class Subscribers implements AutoCloseable {
    private final Map<String, SubscriberLink> byAddress = new ConcurrentHashMap<>();
    private final Path store;

    /** @param store where registrations are kept across restarts, or {@code null} to keep them in memory only */
    Subscribers(Path store) {
        this.store = store;
    }

    /**
     * Registers again whoever the store lists. A registration without a key (saved before notices were signed) is
     * left out, and {@code warn} told which.
     *
     * @param warn where to say what was left out
     * @return how many were registered again
     * @throws LaunchException when the store exists but cannot be read
     */
    int restore(Consumer<String> warn) {
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
        int restored = 0;
        for (Registration registration : saved) {
            SubscriberSecret secret;
            try {
                secret = SubscriberSecret.decode(registration.secret() == null ? "" : registration.secret());
            } catch (LaunchException e) {
                warn.accept("launcher: subscriber " + registration.address() + " was saved without a key to sign"
                    + " notices with and is left out: register it again with 'spore launch subscribe'");
                continue;
            }
            byAddress.put(registration.address(), new SubscriberLink(HostPort.parse(registration.address()),
                Glob.of(registration.filter()), secret, List.of()));
            restored++;
        }
        return restored;
    }

    /** One saved registration; {@code secret} is the subscriber's key ({@link SubscriberSecret#encoded()}). */
    record Registration(String address, String filter, String secret) {
    }

    private synchronized void save() {
        if (store == null) {
            return;
        }
        List<Registration> registrations = byAddress.values().stream()
            .map(link -> new Registration(link.address().toString(), link.view().filter(),
                link.secret().encoded()))
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

    /**
     * @param secret the key the subscriber checks notices with
     * @return a line saying what was done
     */
    String subscribe(String address, String filter, SubscriberSecret secret) {
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
            return new SubscriberLink(parsed, glob, secret, pending);
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
