package io.spore.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sealed records of the node-manager channel, without a network: what is sealed opens once, in order, under the
 * right key; a changed byte anywhere, a replay, a skipped record, a truncated record or message, and a record
 * reflected back with the other direction's key are each refused with their own reason.
 */
class SealedRecordsTest {
    private static final byte[] SECRET = new byte[32];
    private static final byte[] OTHER_SECRET = new byte[32];

    static {
        Arrays.fill(SECRET, (byte) 7);
        Arrays.fill(OTHER_SECRET, (byte) 9);
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static ChannelFrame frame(byte[] encoded) throws IOException {
        return ChannelFrame.read(new ByteArrayInputStream(encoded));
    }

    @Test
    void whatIsSealedOpensInOrder() throws Exception {
        RecordSealer sealer = new RecordSealer(new TrafficKey(SECRET));
        RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the creator");
        for (int i = 0; i < 5; i++) {
            byte[] data = text("message " + i);
            RecordOpener.Opened opened = opener.open(frame(sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0,
                data.length)));
            assertArrayEquals(data, opened.data());
            assertTrue(opened.endOfMessage());
        }
    }

    @Test
    void theSameTextSealsDifferentlyEachTime() {
        RecordSealer sealer = new RecordSealer(new TrafficKey(SECRET));
        byte[] data = text("heartbeat");
        byte[] first = sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        byte[] second = sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, RecordSealer.AAD_LENGTH, first.length),
            Arrays.copyOfRange(second, RecordSealer.AAD_LENGTH, second.length)), "a nonce per record");
    }

    @Test
    void aChangedByteAnywhereIsRefused() throws Exception {
        byte[] data = text("{\"type\":\"request\",\"op\":\"install\"}");
        byte[] sealed = new RecordSealer(new TrafficKey(SECRET)).seal(RecordSealer.END_OF_MESSAGE, data, 0,
            data.length);
        for (int at = 0; at < sealed.length; at++) {
            byte[] changed = sealed.clone();
            changed[at] ^= 0x01;
            RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the creator");
            IOException refused = assertThrows(IOException.class, () -> opener.open(frame(changed)),
                "byte " + at + " changed");
            assertTrue(refused instanceof ChannelException, refused.toString());
            if (at >= RecordSealer.AAD_LENGTH) {
                assertEquals("record 0 from the creator failed to open: it was changed in transit, or not sealed"
                    + " with this channel's key", refused.getMessage());
            }
        }
    }

    @Test
    void aReplayedRecordIsRefused() throws Exception {
        RecordSealer sealer = new RecordSealer(new TrafficKey(SECRET));
        RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the node");
        byte[] data = text("close");
        byte[] first = sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        byte[] second = sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        opener.open(frame(first));
        opener.open(frame(second));
        ChannelException replay = assertThrows(ChannelException.class, () -> opener.open(frame(first)));
        assertEquals("record 0 from the node repeats or goes backwards (the next is 2): a replay",
            replay.getMessage());
    }

    @Test
    void aSkippedRecordIsRefused() throws Exception {
        RecordSealer sealer = new RecordSealer(new TrafficKey(SECRET));
        RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the node");
        byte[] data = text("x");
        sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        byte[] second = sealer.seal(RecordSealer.END_OF_MESSAGE, data, 0, data.length);
        ChannelException skipped = assertThrows(ChannelException.class, () -> opener.open(frame(second)));
        assertEquals("record 1 from the node skips ahead (the next is 0): records were cut out",
            skipped.getMessage());
    }

    @Test
    void aRecordReflectedWithTheOtherDirectionsKeyIsRefused() throws Exception {
        byte[] data = text("ping");
        byte[] sealed = new RecordSealer(new TrafficKey(OTHER_SECRET)).seal(RecordSealer.END_OF_MESSAGE, data, 0,
            data.length);
        RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the creator");
        ChannelException refused = assertThrows(ChannelException.class, () -> opener.open(frame(sealed)));
        assertTrue(refused.getMessage().contains("failed to open"), refused.getMessage());
    }

    @Test
    void truncatedRecordsAndMessagesAreRefused() throws Exception {
        byte[] data = text("install");
        byte[] sealed = new RecordSealer(new TrafficKey(SECRET)).seal(RecordSealer.END_OF_MESSAGE, data, 0,
            data.length);
        // Cut inside the frame: the stream ends before the length it announced.
        ChannelException cut = assertThrows(ChannelException.class,
            () -> frame(Arrays.copyOf(sealed, sealed.length - 3)));
        assertTrue(cut.getMessage().startsWith("the connection ended in the middle of a frame (truncated"),
            cut.getMessage());
        // A shorter length that still frames: the tag is cut, so it does not open.
        byte[] shorter = Arrays.copyOf(sealed, sealed.length - 3);
        ChannelFrame.header(ChannelFrame.RECORD, shorter.length - ChannelFrame.HEADER_LENGTH, shorter);
        ChannelException open = assertThrows(ChannelException.class,
            () -> new RecordOpener(new TrafficKey(SECRET), "the creator").open(frame(shorter)));
        assertTrue(open.getMessage().contains("failed to open"), open.getMessage());
        // Too short to hold a tag at all.
        ChannelException tiny = assertThrows(ChannelException.class, () -> new RecordOpener(new TrafficKey(SECRET),
            "the creator").open(new ChannelFrame(ChannelFrame.RECORD, new byte[10])));
        assertEquals("a record of 10 bytes from the creator is too short to be sealed (truncated)",
            tiny.getMessage());

        // A message of two records whose second never comes.
        RecordSealer sealer = new RecordSealer(new TrafficKey(SECRET));
        byte[] big = new byte[RecordSealer.MAX_RECORD_DATA + 10];
        byte[] firstRecord = sealer.seal((byte) 0, big, 0, RecordSealer.MAX_RECORD_DATA);
        SealedChannel channel = new SealedChannel(null, new ByteArrayInputStream(firstRecord),
            new ByteArrayOutputStream(), new RecordSealer(new TrafficKey(OTHER_SECRET)),
            new RecordOpener(new TrafficKey(SECRET), "the creator"), "the creator", null);
        ChannelException half = assertThrows(ChannelException.class, channel::receive);
        assertEquals("the connection from the creator ended in the middle of a message (truncated)",
            half.getMessage());
    }

    @Test
    void oversizedFramesAndGarbageAreRefusedBeforeAllocating() {
        byte[] huge = new byte[ChannelFrame.HEADER_LENGTH];
        ChannelFrame.header(ChannelFrame.RECORD, Integer.MAX_VALUE, huge);
        ChannelException oversized = assertThrows(ChannelException.class, () -> frame(huge));
        assertEquals("a record frame of 2147483647 bytes, more than the " + RecordSealer.MAX_RECORD_BODY
            + " it may have", oversized.getMessage());
        ChannelException garbage = assertThrows(ChannelException.class,
            () -> frame(text("GET / HTTP/1.1\r\n\r\n")));
        assertTrue(garbage.getMessage().startsWith("not a Spore node-manager frame (type byte 0x47)"),
            garbage.getMessage());
        assertThrows(ChannelFrame.OldProtocolException.class, () -> frame(text("{\"type\":\"hello\"}\n")));
    }

    @Test
    void messagesOfManyRecordsAndKeyUpdatesTravelWhole() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SealedChannel sender = new SealedChannel(null, new ByteArrayInputStream(new byte[0]), wire,
            new RecordSealer(new TrafficKey(SECRET), 3), new RecordOpener(new TrafficKey(OTHER_SECRET), "x"),
            "the node", null);
        byte[] big = new byte[5 * RecordSealer.MAX_RECORD_DATA + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        sender.send(text("hello"));
        sender.send(big);
        sender.send(new byte[0]);
        sender.send(text("bye"));
        SealedChannel receiver = new SealedChannel(null, new ByteArrayInputStream(wire.toByteArray()),
            new ByteArrayOutputStream(), new RecordSealer(new TrafficKey(OTHER_SECRET)),
            new RecordOpener(new TrafficKey(SECRET), "the node"), "the creator", null);
        assertArrayEquals(text("hello"), receiver.receive());
        assertArrayEquals(big, receiver.receive());
        assertArrayEquals(new byte[0], receiver.receive());
        assertArrayEquals(text("bye"), receiver.receive());
        assertNull(receiver.receive(), "a clean end between messages");

        // The key did change: after the update, a record sealed under the first key does not open.
        RecordSealer updating = new RecordSealer(new TrafficKey(SECRET), 3);
        RecordSealer stubborn = new RecordSealer(new TrafficKey(SECRET), Long.MAX_VALUE);
        RecordOpener opener = new RecordOpener(new TrafficKey(SECRET), "the node");
        for (int i = 0; i < 3; i++) {
            opener.open(frame(updating.seal(RecordSealer.END_OF_MESSAGE, big, 0, 1)));
            stubborn.seal(RecordSealer.END_OF_MESSAGE, big, 0, 1);
        }
        assertTrue(updating.updateDue());
        assertTrue(opener.open(frame(updating.sealKeyUpdate())).keyUpdate());
        stubborn.seal(RecordSealer.END_OF_MESSAGE, big, 0, 1);
        byte[] underOldKey = stubborn.seal(RecordSealer.END_OF_MESSAGE, big, 0, 1);
        ChannelException old = assertThrows(ChannelException.class, () -> opener.open(frame(underOldKey)));
        assertEquals("record 4 from the node failed to open: it was changed in transit, or not sealed with this"
            + " channel's key", old.getMessage());
        assertArrayEquals(new byte[] {big[0]},
            opener.open(frame(updating.seal(RecordSealer.END_OF_MESSAGE, big, 0, 1))).data());
    }
}
