package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.wire.sbe.SendImportantDecoder;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delivery ids ({@link io.spore.api.SendOptions#withDeliveryId}) of the important sends this node delivered
 * lately, so that a sender's retry after {@code NOT_CONFIRMED} is confirmed without being delivered twice. A repeat
 * is recognised while the first is among the last {@link #CAPACITY} ids this node delivered, from all peers: the
 * oldest is forgotten when a new one needs its place.
 *
 * <p>An id is remembered per sending process, target process and id, each pid with its node's incarnation, so that
 * two senders who happen to pick the same id are not confused. Sends of a node's identity (from outside any
 * process) are remembered per target and id alone: a client node such as {@code spore send} has a new name and
 * incarnation each time it runs, and its retry must still be recognised.
 *
 * <p>Why this shape: the memory is bounded before anything is allocated (about 50 bytes an entry, 3 MB at
 * {@link #CAPACITY}, allocated with the first id, so a node that never sees one pays nothing), and a look-up
 * allocates nothing. Entries sit in a ring, in the order they were remembered, so the oldest is the one the next
 * entry overwrites; an open-addressing index (linear probing, at most half full) finds an entry by its key, and
 * forgetting one shifts its followers back instead of leaving tombstones, so probes stay short however long the
 * node runs. The hash is seeded at random per node, so a peer cannot pick ids that collide here.
 *
 * <p>Threading: the thread doing the receiving work, one at a time (as for {@link InboundFrameAdapter}).
 */
final class DeliveredIds {
    /** How many ids a node remembers. */
    static final int CAPACITY = 65_536;
    /** The id of a send that carries none. */
    static final long NONE = 0;

    private final int capacity;
    private final long seed = ThreadLocalRandom.current().nextLong();

    // The ring: entry i's key across these arrays. A null node stands for any node's identity (see the class).
    private NodeName[] senderNodes;
    private long[] senderIds;
    private long[] targetIds;
    /** The sender's incarnation in the high half, the target's in the low half. */
    private long[] creations;
    private long[] ids;
    private int[] hashes;
    /** Where the next entry goes: the oldest entry once the ring is full. */
    private int next;
    private int size;

    /** Open addressing over the ring: a slot holds an entry's position plus one, or 0 when empty. */
    private int[] index;
    private int mask;

    /** @param capacity how many ids to remember, from 1 to 2^28 */
    DeliveredIds(int capacity) {
        if (capacity < 1 || capacity > 1 << 28) {
            throw new IllegalArgumentException("capacity must be from 1 to 2^28: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @return the frame's delivery id, or {@link #NONE}: a version 1 frame has none (its field reads as the
     *         int64 null value, which a version 2 sender may use as an id like any other)
     */
    static long idOf(SendImportantDecoder frame) {
        return frame.actingVersion() < 2 ? NONE : frame.deliveryId();
    }

    /** @return how many ids are remembered now */
    int size() {
        return size;
    }

    /** @return whether {@code from} sent {@code to} an important message with this id that was delivered lately */
    boolean contains(Pid from, Pid to, long id) {
        if (id == NONE || index == null) {
            return false;
        }
        NodeName node = senderNode(from);
        long sender = senderId(from);
        long creation = creations(from, to);
        for (int slot = hash(node, sender, to.id(), creation, id) & mask; ; slot = (slot + 1) & mask) {
            int entry = index[slot];
            if (entry == 0) {
                return false;
            }
            if (matches(entry - 1, node, sender, to.id(), creation, id)) {
                return true;
            }
        }
    }

    /**
     * Remembers that the message {@code from} sent {@code to} with this id was delivered, forgetting the oldest id
     * when all places are taken. Does nothing for {@link #NONE} or an id already remembered.
     */
    void remember(Pid from, Pid to, long id) {
        if (id == NONE || contains(from, to, id)) {
            return;
        }
        if (index == null) {
            allocate();
        }
        if (size == capacity) {
            forget(next);
        } else {
            size++;
        }
        int entry = next;
        next = next + 1 == capacity ? 0 : next + 1;
        NodeName node = senderNode(from);
        long sender = senderId(from);
        long creation = creations(from, to);
        int hash = hash(node, sender, to.id(), creation, id);
        senderNodes[entry] = node;
        senderIds[entry] = sender;
        targetIds[entry] = to.id();
        creations[entry] = creation;
        ids[entry] = id;
        hashes[entry] = hash;
        int slot = hash & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = entry + 1;
    }

    private void allocate() {
        senderNodes = new NodeName[capacity];
        senderIds = new long[capacity];
        targetIds = new long[capacity];
        creations = new long[capacity];
        ids = new long[capacity];
        hashes = new int[capacity];
        // At most half full, so that a miss ends at an empty slot after a few probes.
        int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        index = new int[slots];
        mask = slots - 1;
    }

    /** Takes ring entry {@code entry} out of the index, moving back the entries whose probe passed over it. */
    private void forget(int entry) {
        int hole = hashes[entry] & mask;
        while (index[hole] != entry + 1) {
            hole = (hole + 1) & mask;
        }
        for (int slot = (hole + 1) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
            int home = hashes[index[slot] - 1] & mask;
            // The entry may fill the hole unless its home lies after the hole, up to its slot (cyclically).
            if (((slot - home) & mask) >= ((slot - hole) & mask)) {
                index[hole] = index[slot];
                hole = slot;
            }
        }
        index[hole] = 0;
        senderNodes[entry] = null;
    }

    private boolean matches(int entry, NodeName node, long sender, long target, long creation, long id) {
        return ids[entry] == id && targetIds[entry] == target && senderIds[entry] == sender
            && creations[entry] == creation && Objects.equals(senderNodes[entry], node);
    }

    private int hash(NodeName node, long sender, long target, long creation, long id) {
        long h = seed;
        h = mix(h ^ id);
        h = mix(h ^ target);
        h = mix(h ^ sender);
        h = mix(h ^ creation);
        h = mix(h ^ (node == null ? 0 : node.hashCode()));
        return (int) (h ^ (h >>> 32));
    }

    /** The finalizer of MurmurHash3: every bit of the input moves every bit of the output. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static NodeName senderNode(Pid from) {
        return from.isNode() ? null : from.node();
    }

    private static long senderId(Pid from) {
        return from.isNode() ? Pid.NODE_ID : from.id();
    }

    private static long creations(Pid from, Pid to) {
        long sender = from.isNode() ? 0 : from.creation();
        return sender << 32 | (to.creation() & 0xFFFF_FFFFL);
    }
}
