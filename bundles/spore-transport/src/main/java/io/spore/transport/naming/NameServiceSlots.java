package io.spore.transport.naming;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many connections the name service serves, bounded four ways so that no stranger and no other user can keep
 * this host's next node from registering: in all ({@value #MAX_CONNECTIONS}), from other hosts
 * ({@value #MAX_REMOTE_CONNECTIONS}, so strangers never fill the slots this host's nodes need), and, for connections
 * that hold no name, per source ({@value #MAX_UNREGISTERED_PER_SOURCE}; a source of this host is an address and a
 * user, so one user's flood leaves room for another's node) and per user of this host
 * ({@value #MAX_UNREGISTERED_PER_USER}, however many loopback addresses it uses). A connection that comes to hold a
 * name leaves the counts of idle ones: a node's own registration never counts against its neighbours.
 *
 * <p>Threading: thread-safe (one lock; every change is a few map updates).
 */
final class NameServiceSlots {
    /** Connections served at once; past this, newcomers are refused. */
    static final int MAX_CONNECTIONS = 256;
    /** Connections from other hosts served at once, so that they never take every slot from this host's nodes. */
    static final int MAX_REMOTE_CONNECTIONS = 128;
    /** Connections that hold no name, from one source (an address, and a user when of this host), served at once. */
    static final int MAX_UNREGISTERED_PER_SOURCE = 16;
    /** Connections that hold no name, from one user of this host whatever its addresses, served at once. */
    static final int MAX_UNREGISTERED_PER_USER = 64;
    /** The uid of every connection where the kernel's socket tables cannot be read: names are not per user then. */
    static final int ANY_USER = -1;

    /** A source of this host: an address and the user whose socket it is. */
    private record LocalSource(InetAddress address, int uid) {
    }

    /** A user of this host, as a key of the counts. */
    private record LocalUser(int uid) {
    }

    /** One connection's place in the counts. */
    static final class Slot {
        private final InetAddress source;
        private final boolean local;
        private final Object sourceKey;
        private final Object userKey;
        /** Guarded by the slots' lock: whether this connection is out of its source's count of idle ones. */
        private boolean holdsNames;

        /**
         * @param source where the connection comes from
         * @param local  whether it comes from this host
         * @param uid    the user whose socket it is, when of this host and known; else {@code null}
         */
        Slot(InetAddress source, boolean local, Integer uid) {
            this.source = source;
            this.local = local;
            boolean ofUser = local && uid != null && uid != ANY_USER;
            this.sourceKey = ofUser ? new LocalSource(source, uid) : source;
            this.userKey = ofUser ? new LocalUser(uid) : null;
        }
    }

    private final Map<Object, Integer> unregistered = new HashMap<>();
    private int open;
    private int remote;

    /** @return why {@code slot} is refused, or {@code null} when it has taken its place */
    synchronized String admit(Slot slot) {
        if (open >= MAX_CONNECTIONS) {
            return "the name service serves " + MAX_CONNECTIONS + " connections already; try again later";
        }
        if (!slot.local && remote >= MAX_REMOTE_CONNECTIONS) {
            return "the name service serves " + MAX_REMOTE_CONNECTIONS + " connections from other hosts already; try"
                + " again later";
        }
        if (unregistered.getOrDefault(slot.sourceKey, 0) >= MAX_UNREGISTERED_PER_SOURCE) {
            return MAX_UNREGISTERED_PER_SOURCE + " connections from " + slot.source.getHostAddress()
                + (slot.sourceKey instanceof LocalSource ? " of your user" : "")
                + " that hold no name are open already; close some first";
        }
        if (slot.userKey != null && unregistered.getOrDefault(slot.userKey, 0) >= MAX_UNREGISTERED_PER_USER) {
            return MAX_UNREGISTERED_PER_USER + " connections of your user that hold no name are open already; close"
                + " some first";
        }
        count(slot, 1);
        open++;
        if (!slot.local) {
            remote++;
        }
        return null;
    }

    /** Moves {@code slot} in or out of its source's count of connections that hold no name. */
    synchronized void holdsNames(Slot slot, boolean holds) {
        if (slot.holdsNames == holds) {
            return;
        }
        slot.holdsNames = holds;
        count(slot, holds ? -1 : 1);
    }

    /** The connection closed: its place is free. Only once per admitted slot. */
    synchronized void release(Slot slot) {
        if (!slot.holdsNames) {
            count(slot, -1);
        }
        slot.holdsNames = true; // released: never counted again
        open--;
        if (!slot.local) {
            remote--;
        }
    }

    private void count(Slot slot, int change) {
        unregistered.merge(slot.sourceKey, change, Integer::sum);
        unregistered.remove(slot.sourceKey, 0);
        if (slot.userKey != null) {
            unregistered.merge(slot.userKey, change, Integer::sum);
            unregistered.remove(slot.userKey, 0);
        }
    }
}
