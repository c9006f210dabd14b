package io.spore.transport;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.wire.sbe.MessageHeaderEncoder;
import io.spore.wire.sbe.SendImportantDecoder;
import io.spore.wire.sbe.SendImportantEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveredIdsTest {
    private static final NodeName A = NodeName.parse("a@localhost");
    private static final NodeName B = NodeName.parse("b@localhost");
    private static final NodeName HERE = NodeName.parse("here@localhost");
    private static final Pid SENDER = new Pid(A, 5, 100);
    private static final Pid TARGET = new Pid(HERE, 9, 300);

    private final DeliveredIds ids = new DeliveredIds(DeliveredIds.CAPACITY);

    @Test
    void aDeliveredIdIsRecognisedWhenItComesAgain() {
        assertFalse(ids.contains(SENDER, TARGET, 42));
        ids.remember(SENDER, TARGET, 42);
        assertTrue(ids.contains(SENDER, TARGET, 42));
        assertTrue(ids.contains(new Pid(A, 5, 100), new Pid(HERE, 9, 300), 42), "pids compare by value");
        assertFalse(ids.contains(SENDER, TARGET, 43));
        ids.remember(SENDER, TARGET, 42);
        assertEquals(1, ids.size(), "remembering it again changes nothing");
    }

    @Test
    void noIdIsNeverRemembered() {
        ids.remember(SENDER, TARGET, DeliveredIds.NONE);
        assertFalse(ids.contains(SENDER, TARGET, DeliveredIds.NONE));
        assertEquals(0, ids.size());
    }

    @Test
    void theSameIdOfAnotherSenderOrTargetIsAnotherMessage() {
        ids.remember(SENDER, TARGET, 7);
        assertFalse(ids.contains(new Pid(A, 6, 100), TARGET, 7), "another process");
        assertFalse(ids.contains(new Pid(A, 5, 101), TARGET, 7), "another incarnation of the sender's node");
        assertFalse(ids.contains(new Pid(B, 5, 100), TARGET, 7), "another node");
        assertFalse(ids.contains(SENDER, new Pid(HERE, 10, 300), 7), "another target");
        assertFalse(ids.contains(SENDER, new Pid(HERE, 9, 301), 7), "another incarnation of this node");
        assertFalse(ids.contains(new Pid(A, Pid.NODE_ID, 100), TARGET, 7), "the sender's node itself");
    }

    /** A client node (spore send) has a new name and incarnation each run: its retry must still be recognised. */
    @Test
    void sendsOfNodeIdentitiesShareOneMemoryPerTarget() {
        ids.remember(new Pid(NodeName.parse("client-41@localhost"), Pid.NODE_ID, 1), TARGET, 7);
        assertTrue(ids.contains(new Pid(NodeName.parse("client-42@localhost"), Pid.NODE_ID, 2), TARGET, 7));
        assertFalse(ids.contains(new Pid(NodeName.parse("client-42@localhost"), Pid.NODE_ID, 2), TARGET, 8));
        assertFalse(ids.contains(new Pid(NodeName.parse("client-41@localhost"), 1, 1), TARGET, 7),
            "a process is not its node");
    }

    @Test
    void theOldestIdIsForgottenWhenAllPlacesAreTaken() {
        DeliveredIds four = new DeliveredIds(4);
        for (long id = 1; id <= 5; id++) {
            four.remember(SENDER, TARGET, id);
        }
        assertEquals(4, four.size());
        assertFalse(four.contains(SENDER, TARGET, 1));
        for (long id = 2; id <= 5; id++) {
            assertTrue(four.contains(SENDER, TARGET, id), "id " + id);
        }
    }

    /** Against a plain first-in-first-out model, with few slots and many collisions, so that forgetting is tested. */
    @Test
    void itRemembersExactlyTheLastIdsItWasGiven() {
        int capacity = 37;
        DeliveredIds small = new DeliveredIds(capacity);
        ArrayDeque<List<Object>> order = new ArrayDeque<>();
        Set<List<Object>> model = new HashSet<>();
        Random random = new Random(14_5L);
        for (int round = 0; round < 200_000; round++) {
            Pid from = new Pid(random.nextBoolean() ? A : B, random.nextInt(4), 1 + random.nextInt(2));
            Pid to = new Pid(HERE, random.nextInt(3), 300);
            long id = random.nextInt(40) - 20;
            List<Object> key = List.of(from.isNode() ? "a node" : from, to, id);
            assertEquals(model.contains(key), small.contains(from, to, id), "round " + round + ": " + key);
            if (random.nextInt(3) > 0) {
                small.remember(from, to, id);
                if (id != DeliveredIds.NONE && model.add(key)) {
                    order.add(key);
                    if (order.size() > capacity) {
                        model.remove(order.remove());
                    }
                }
                assertEquals(order.size(), small.size(), "round " + round);
            }
        }
    }

    @Test
    void aVersionOneFrameCarriesNoIdAndAVersionTwoFrameAnyId() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(256));
        SendImportantEncoder encoder = new SendImportantEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.deliveryId(Long.MIN_VALUE);
        int offset = MessageHeaderEncoder.ENCODED_LENGTH;
        SendImportantDecoder frame = new SendImportantDecoder();

        frame.wrap(buffer, offset, SendImportantDecoder.BLOCK_LENGTH, 2);
        assertEquals(Long.MIN_VALUE, DeliveredIds.idOf(frame), "a version 2 sender may use any id but 0");
        frame.wrap(buffer, offset, SendImportantDecoder.deliveryIdEncodingOffset(), 1);
        assertEquals(DeliveredIds.NONE, DeliveredIds.idOf(frame));
    }
}
