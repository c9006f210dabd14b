package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import io.spore.wire.MalformedFrameException.Problem;
import io.spore.wire.sbe.ExitKind;
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Reads a message body written in the {@link PayloadFormat}.
 *
 * <p>Hostile bytes cannot hurt the reader. Every length and count is checked against the bytes that remain and
 * against the payload's budgets ({@link PayloadFormat#MAX_VALUES}, {@link PayloadFormat#MAX_CONTAINERS}) before
 * anything is allocated for it, and a collection's first allocation is small whatever count it claims, so what a
 * payload makes the reader allocate is a small multiple of its length. Every tag that holds other values (lists,
 * sets, maps, records, and the fixed shapes of {@code Down} and {@code Exit}) is bounded: containers by
 * {@link PayloadFormat#MAX_DEPTH}, and {@code Down}/{@code Exit} read their components by their exact tags, so they
 * cannot nest at all. A map or set refuses more than {@link PayloadFormat#MAX_KEYS_PER_HASH} keys with one hash code
 * (hash flooding). Whatever is wrong (truncation, a bad version or tag, an unregistered type name, a value its type
 * refuses, bytes left over) ends in a {@link MalformedFrameException}, never in another exception. Records are
 * rebuilt through their canonical constructor, so a record's own validation applies to what arrives.
 *
 * <p>Threading: not thread-safe; use one per thread. The {@link TypeRegistry} it reads may change concurrently.
 */
public final class PayloadDecoder {
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Longest piece of received text quoted in an error message. */
    private static final int QUOTE_LIMIT = 80;
    /**
     * Most slots a collection gets before its elements arrive. A claimed count only says the bytes could hold that
     * many; nested collections each claiming nearly all that is left would otherwise allocate the frame's length
     * many times over before failing.
     */
    private static final int FIRST_CAPACITY = 16;

    private final TypeRegistry registry;

    private DirectBuffer buffer;
    private int position;
    private int end;
    private int depth;
    /** Values and containers this payload may still hold. */
    private int valuesLeft;
    private int containersLeft;
    /** Pids of one node follow each other, so the last node name read is kept and reused. */
    private NodeName lastNode;
    /** Where a string's bytes are copied before the String is made from them: one copy fewer than Agrona's getter. */
    private byte[] textScratch = new byte[64];
    private String lastNodeText;
    /** Short strings read lately: a message's tag that comes again is read without allocating. */
    private final RecentTexts recentTexts = new RecentTexts();

    /** @param registry the records and enums that may be read */
    public PayloadDecoder(TypeRegistry registry) {
        this.registry = registry;
    }

    /**
     * Reads one payload: the format version, one value, and nothing after it.
     *
     * @param source where the payload is
     * @param offset where it starts
     * @param length its length in bytes
     * @return the value; collections are an {@code ArrayList}, {@code LinkedHashSet} or {@code LinkedHashMap}
     * @throws MalformedFrameException when the bytes are not a valid payload of this format
     */
    public Object decode(DirectBuffer source, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > source.capacity()) {
            throw new MalformedFrameException(Problem.TRUNCATED, "a payload of " + length + " bytes at " + offset
                + " does not fit its buffer of " + source.capacity() + " bytes");
        }
        buffer = source;
        position = offset;
        end = offset + length;
        depth = 0;
        valuesLeft = PayloadFormat.MAX_VALUES;
        containersLeft = PayloadFormat.MAX_CONTAINERS;
        try {
            byte version = readByte();
            if (version != PayloadFormat.VERSION) {
                throw new MalformedFrameException(Problem.UNSUPPORTED_VERSION, "payload format version "
                    + (version & 0xFF) + " is not known here (this node reads version " + PayloadFormat.VERSION
                    + "); is the sender running a newer Spore?");
            }
            Object value = readValue();
            if (position != end) {
                throw new MalformedFrameException(Problem.TRAILING_BYTES,
                    (end - position) + " bytes follow the payload's value");
            }
            return value;
        } catch (MalformedFrameException e) {
            throw e;
        } catch (RuntimeException e) {
            // A registered record's equals or hashCode can throw while it is put in a set or map.
            throw new MalformedFrameException(Problem.BAD_VALUE, "a received value could not be rebuilt: " + e, e);
        } catch (StackOverflowError e) {
            // Only a registered record's own code can recurse this far (the reader's nesting is bounded).
            throw new MalformedFrameException(Problem.TOO_DEEP, "a received record's constructor, equals or hashCode"
                + " overflowed the stack", e);
        } finally {
            buffer = null;
        }
    }

    /**
     * Reads the payload in the varData field (uint32 length, then the bytes) at a frame decoder's current limit, in
     * place, and moves the decoder past it, as the generated {@code skipPayload()} would. Read the frame's variable
     * fields in schema order, this one among them.
     *
     * @param frame a decoder wrapped over a frame that {@link FrameReader#read} checked
     * @return the value
     * @throws MalformedFrameException when the field is not a valid payload
     */
    public Object decodeVarData(MessageDecoderFlyweight frame) {
        DirectBuffer source = frame.buffer();
        int limit = frame.limit();
        if (limit < 0 || (long) limit + Integer.BYTES > source.capacity()) {
            throw new MalformedFrameException(Problem.TRUNCATED, "no payload length fits at offset " + limit);
        }
        int length = source.getInt(limit, ORDER);
        Object value = decode(source, limit + Integer.BYTES, length);
        frame.limit(limit + Integer.BYTES + length);
        return value;
    }

    private Object readValue() {
        byte tag = readByte();
        switch (tag) {
            case PayloadFormat.NULL:
                return null;
            case PayloadFormat.FALSE:
                return Boolean.FALSE;
            case PayloadFormat.TRUE:
                return Boolean.TRUE;
            case PayloadFormat.BYTE:
                return readByte();
            case PayloadFormat.SHORT:
                return (short) readZigZag(Short.MIN_VALUE, Short.MAX_VALUE, "short");
            case PayloadFormat.INT:
                return (int) readZigZag(Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
            case PayloadFormat.LONG:
                return readZigZag(Long.MIN_VALUE, Long.MAX_VALUE, "long");
            case PayloadFormat.FLOAT:
                return Float.intBitsToFloat(readInt());
            case PayloadFormat.DOUBLE:
                return Double.longBitsToDouble(readLong());
            case PayloadFormat.CHAR:
                return readChar();
            case PayloadFormat.STRING:
                return readUtf8();
            case PayloadFormat.BYTES:
                return readBytes();
            case PayloadFormat.PID:
                return readPid();
            case PayloadFormat.REF:
                return readRef();
            case PayloadFormat.NAME:
                return readName();
            case PayloadFormat.NODE_NAME:
                return readNode();
            case PayloadFormat.EXIT_REASON:
                return readReason();
            case PayloadFormat.DOWN:
                return new Down(readRefOrNull("a Down's monitor"), readPidOrNull("a Down's pid"),
                    readReasonOrNull("a Down's reason"));
            case PayloadFormat.EXIT:
                return new Exit(readPidOrNull("an Exit's pid"), readReasonOrNull("an Exit's reason"));
            case PayloadFormat.LIST: {
                int count = readContainerCount(1, "list");
                return readElements(new ArrayList<>(Math.min(count, FIRST_CAPACITY)), count);
            }
            case PayloadFormat.SET: {
                int count = readContainerCount(1, "set");
                return readSet(count);
            }
            case PayloadFormat.MAP:
                return readMap();
            case PayloadFormat.RECORD:
                return readRecord();
            case PayloadFormat.ENUM:
                return readEnum();
            default:
                throw new MalformedFrameException(Problem.BAD_TAG, "tag 0x" + Integer.toHexString(tag & 0xFF)
                    + " at offset " + (position - 1) + " is not a payload tag");
        }
    }

    /** A hash table's capacity for {@code size} entries without rehashing, at most {@link #FIRST_CAPACITY}. */
    private static int hashCapacity(int size) {
        return Math.min(size, FIRST_CAPACITY) * 4 / 3 + 1;
    }

    /** The tag of a component whose type is fixed ({@code Down}'s and {@code Exit}'s): that tag, or NULL. */
    private boolean fixedComponent(byte expected, String what, String typeName) {
        byte tag = readByte();
        if (tag == PayloadFormat.NULL) {
            return false;
        }
        if (tag != expected) {
            throw new MalformedFrameException(Problem.BAD_VALUE, what + " should be a " + typeName
                + ", but tag 0x" + Integer.toHexString(tag & 0xFF) + " arrived at offset " + (position - 1));
        }
        return true;
    }

    private Ref readRefOrNull(String what) {
        return fixedComponent(PayloadFormat.REF, what, "Ref") ? readRef() : null;
    }

    private Pid readPidOrNull(String what) {
        return fixedComponent(PayloadFormat.PID, what, "Pid") ? readPid() : null;
    }

    private ExitReason readReasonOrNull(String what) {
        return fixedComponent(PayloadFormat.EXIT_REASON, what, "ExitReason") ? readReason() : null;
    }

    private Object readElements(Collection<Object> into, int count) {
        enter();
        for (int i = 0; i < count; i++) {
            into.add(readValue());
        }
        depth--;
        return into;
    }

    private Object readSet(int count) {
        LinkedHashSet<Object> set = new LinkedHashSet<>(hashCapacity(count));
        KeyHashCounts hashes = KeyHashCounts.forEntries(count);
        enter();
        for (int i = 0; i < count; i++) {
            Object element = readValue();
            hashes.admit(element, "set");
            set.add(element);
        }
        depth--;
        return set;
    }

    private Object readMap() {
        int count = readContainerCount(2, "map");
        Map<Object, Object> map = new LinkedHashMap<>(hashCapacity(count));
        KeyHashCounts hashes = KeyHashCounts.forEntries(count);
        enter();
        for (int i = 0; i < count; i++) {
            Object key = readValue();
            hashes.admit(key, "map");
            map.put(key, readValue());
        }
        depth--;
        return map;
    }

    private Object readRecord() {
        String typeName = readAscii();
        RegisteredType type = registered(typeName);
        if (!type.isRecord()) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "'" + typeName + "' is registered here as enum "
                + type.type.getName() + ", but the sender wrote a record");
        }
        int count = readContainerCount(1, "record");
        if (count != type.componentTypes.length) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "record '" + typeName + "' arrived with " + count
                + " components, but " + type.type.getName() + " has " + type.componentTypes.length
                + "; do both nodes register the same version of it?");
        }
        enter();
        Object[] components = new Object[count];
        for (int i = 0; i < count; i++) {
            Object value = readValue();
            if (!fits(type.componentTypes[i], value)) {
                throw new MalformedFrameException(Problem.BAD_VALUE, "component '" + type.componentNames[i]
                    + "' of record '" + typeName + "' (" + type.type.getName() + ") is a "
                    + type.componentTypes[i].getName() + ", but " + (value == null ? "null" : "a "
                    + value.getClass().getName()) + " arrived");
            }
            components[i] = value;
        }
        depth--;
        try {
            return (Object) type.constructor.invokeExact(components);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "record '" + typeName + "' ("
                + type.type.getName() + ") refused the values that arrived: " + e, e);
        }
    }

    private Object readEnum() {
        String typeName = readAscii();
        RegisteredType type = registered(typeName);
        String constant = readAscii();
        if (type.isRecord()) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "'" + typeName + "' is registered here as record "
                + type.type.getName() + ", but the sender wrote an enum");
        }
        Enum<?> value = type.constants.get(constant);
        if (value == null) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "enum '" + typeName + "' ("
                + type.type.getName() + ") has no constant " + quote(constant) + " on this node");
        }
        return value;
    }

    private RegisteredType registered(String typeName) {
        RegisteredType type = registry.byName(typeName);
        if (type == null) {
            throw new MalformedFrameException(Problem.UNKNOWN_TYPE, "no record or enum is registered as "
                + quote(typeName) + " on this node; register the type under that name, as the sender did");
        }
        return type;
    }

    private static boolean fits(Class<?> type, Object value) {
        if (value == null) {
            return !type.isPrimitive();
        }
        if (!type.isPrimitive()) {
            return type.isInstance(value);
        }
        Class<?> actual = value.getClass();
        return (type == int.class && actual == Integer.class) || (type == long.class && actual == Long.class)
            || (type == boolean.class && actual == Boolean.class) || (type == double.class && actual == Double.class)
            || (type == float.class && actual == Float.class) || (type == short.class && actual == Short.class)
            || (type == byte.class && actual == Byte.class) || (type == char.class && actual == Character.class);
    }

    private void enter() {
        if (++depth > PayloadFormat.MAX_DEPTH) {
            throw new MalformedFrameException(Problem.TOO_DEEP,
                "the payload nests more than " + PayloadFormat.MAX_DEPTH + " lists, sets, maps or records");
        }
    }

    private Ref readRef() {
        return new Ref(readNode(), readVarint(), readInt());
    }

    private Pid readPid() {
        NodeName node = readNode();
        long id = readVarint();
        int creation = readInt();
        try {
            return new Pid(node, id, creation);
        } catch (SporeException e) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "a received pid is invalid: " + e.getMessage(), e);
        }
    }

    private Name readName() {
        String text = readAscii();
        try {
            return Name.of(text);
        } catch (SporeException e) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "a received name is invalid: " + e.getMessage(), e);
        }
    }

    private NodeName readNode() {
        int length = readCount(1, "node name");
        NodeName cached = lastNode;
        if (cached != null && length == lastNodeText.length() && sameAscii(lastNodeText)) {
            position += length;
            return cached;
        }
        String text = buffer.getStringWithoutLengthAscii(position, length);
        position += length;
        try {
            NodeName node = NodeName.parse(text);
            lastNode = node;
            lastNodeText = text;
            return node;
        } catch (SporeException e) {
            throw new MalformedFrameException(Problem.BAD_VALUE,
                "a received node name is invalid: " + quote(text), e);
        }
    }

    private boolean sameAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (buffer.getByte(position + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private ExitReason readReason() {
        ExitReason.Kind kind = WireCodes.exitKind(ExitKind.get((short) (readByte() & 0xFF)));
        return ExitReason.of(kind, readUtf8());
    }

    private Character readChar() {
        long value = readVarint();
        if (value < 0 || value > Character.MAX_VALUE) {
            throw new MalformedFrameException(Problem.BAD_VALUE, "char value " + Long.toUnsignedString(value)
                + " is not a UTF-16 code unit");
        }
        return (char) value;
    }

    private String readAscii() {
        int length = readCount(1, "name");
        String text = buffer.getStringWithoutLengthAscii(position, length);
        position += length;
        return text;
    }

    private String readUtf8() {
        int length = readCount(1, "string");
        // Malformed UTF-8 reads as U+FFFD, as Java's decoder does; the text is data, not structure.
        if (length == 0) {
            return "";
        }
        String recent = recentTexts.find(buffer, position, length);
        if (recent != null) {
            position += length;
            return recent;
        }
        if (textScratch.length < length) {
            // readCount checked the length against the bytes left, so this is bounded by the frame's size.
            textScratch = new byte[Math.max(length, textScratch.length * 2)];
        }
        buffer.getBytes(position, textScratch, 0, length);
        position += length;
        String text = new String(textScratch, 0, length, StandardCharsets.UTF_8);
        recentTexts.keep(text);
        return text;
    }

    private byte[] readBytes() {
        int length = readCount(1, "byte array");
        byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    /**
     * The count of a list, set, map or record, charged to the payload's budgets before anything is allocated for it:
     * one container, and {@code count} values per byte each element takes at least.
     */
    private int readContainerCount(int valuesEach, String what) {
        int count = readCount(valuesEach, what);
        if (--containersLeft < 0) {
            throw new MalformedFrameException(Problem.TOO_LARGE, "the payload holds more than "
                + PayloadFormat.MAX_CONTAINERS + " lists, sets, maps and records");
        }
        long values = (long) count * valuesEach;
        if (values > valuesLeft) {
            throw new MalformedFrameException(Problem.TOO_LARGE, "a " + what + " of " + count
                + " entries takes the payload past " + PayloadFormat.MAX_VALUES + " values");
        }
        valuesLeft -= (int) values;
        return count;
    }

    /** A count of items that take at least {@code minBytesEach} bytes, so a count the bytes cannot hold is refused. */
    private int readCount(int minBytesEach, String what) {
        long count = readVarint();
        long remaining = end - position;
        if (count < 0 || count > remaining / minBytesEach) {
            throw new MalformedFrameException(Problem.TRUNCATED, "a " + what + " of " + Long.toUnsignedString(count)
                + (minBytesEach == 1 ? " bytes or items" : " entries") + " cannot fit the " + remaining
                + " bytes left");
        }
        return (int) count;
    }

    private long readZigZag(long min, long max, String type) {
        long raw = readVarint();
        long value = (raw >>> 1) ^ -(raw & 1);
        if (value < min || value > max) {
            throw new MalformedFrameException(Problem.BAD_VALUE, value + " does not fit a " + type);
        }
        return value;
    }

    private long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    break;
                }
                return value;
            }
        }
        throw new MalformedFrameException(Problem.BAD_VALUE, "a varint ending before offset " + position
            + " is longer than 64 bits");
    }

    private byte readByte() {
        need(1);
        return buffer.getByte(position++);
    }

    private int readInt() {
        need(Integer.BYTES);
        int value = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return value;
    }

    private long readLong() {
        need(Long.BYTES);
        long value = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return value;
    }

    private void need(int length) {
        if (end - position < length) {
            throw new MalformedFrameException(Problem.TRUNCATED, "the payload ends at offset " + end
                + ", before the " + length + " bytes needed at offset " + position);
        }
    }

    private static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? "'" + text + "'" : "'" + text.substring(0, QUOTE_LIMIT) + "...'";
    }
}
