package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a message body in the {@link PayloadFormat}, into its own reusable buffer or into the caller's.
 *
 * <p>Nothing is allocated for strings, numbers or collections beyond what reading a record's primitive components
 * boxes. A value is refused on the sender, before anything is sent: a type that is neither built in nor registered
 * fails with {@link SporeException.Reason#UNENCODABLE} naming the class, and a payload bigger than the limit fails
 * with {@link SporeException.Reason#MESSAGE_TOO_LARGE} naming its size and the limit (the encoder finishes measuring
 * without writing past the limit, so a huge value never grows the buffer beyond it).
 *
 * <p>Threading: not thread-safe; use one per thread (it owns a scratch buffer). The {@link TypeRegistry} it reads
 * may change concurrently.
 */
public final class PayloadEncoder {
    /** The default largest payload, in bytes: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final TypeRegistry registry;
    private final int maxPayloadBytes;
    private final ExpandableDirectByteBuffer scratch = new ExpandableDirectByteBuffer(256);

    private MutableDirectBuffer buffer;
    private int start;
    /** A long, since counting what is too large may pass 2 GiB. */
    private long position;
    /** Where writing stops: past it the encoder only counts, to report the size of what is too large. */
    private int end;
    private int depth;

    /**
     * An encoder with the {@linkplain #DEFAULT_MAX_PAYLOAD_BYTES default limit}.
     *
     * @param registry the records and enums that may be written
     */
    public PayloadEncoder(TypeRegistry registry) {
        this(registry, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /**
     * @param registry        the records and enums that may be written
     * @param maxPayloadBytes the largest payload accepted, in bytes, at least 16
     * @throws SporeException {@code INVALID_ARGUMENT} when the limit is below 16
     */
    public PayloadEncoder(TypeRegistry registry, int maxPayloadBytes) {
        if (maxPayloadBytes < 16) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "the payload limit must be at least 16 bytes, not " + maxPayloadBytes);
        }
        this.registry = registry;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** @return the largest payload this encoder writes, in bytes */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /**
     * Encodes {@code value} into this encoder's scratch buffer, from offset 0; read it from {@link #buffer()}. The
     * bytes stay there until the next call.
     *
     * @param value the message body
     * @return the payload's length in bytes
     * @throws SporeException {@code UNENCODABLE} or {@code MESSAGE_TOO_LARGE}
     */
    public int encode(Object value) {
        return encode(value, scratch, 0);
    }

    /** @return the scratch buffer holding the last {@link #encode(Object)}'s bytes from offset 0 */
    public DirectBuffer buffer() {
        return scratch;
    }

    /**
     * Encodes {@code value} into {@code target} at {@code offset}. A buffer that cannot grow must have room for the
     * payload; what does not fit counts as too large.
     *
     * @param value  the message body
     * @param target where to write
     * @param offset where the payload starts in it
     * @return the payload's length in bytes
     * @throws SporeException {@code UNENCODABLE}, or {@code MESSAGE_TOO_LARGE} when it is over the limit or does not
     *                        fit {@code target}
     */
    public int encode(Object value, MutableDirectBuffer target, int offset) {
        buffer = target;
        start = offset;
        position = offset;
        long room = target.isExpandable() ? maxPayloadBytes : Math.min(maxPayloadBytes, target.capacity() - offset);
        end = (int) Math.min(Integer.MAX_VALUE, offset + Math.max(0, room));
        depth = 0;
        try {
            putByte(PayloadFormat.VERSION);
            writeValue(value);
        } finally {
            buffer = null;
        }
        long length = position - start;
        if (position > end) {
            String limit = end - start < maxPayloadBytes
                ? "the " + (end - start) + " bytes left in the buffer"
                : "the limit of " + maxPayloadBytes + " bytes";
            throw new SporeException(SporeException.Reason.MESSAGE_TOO_LARGE, "a message of type "
                + typeName(value) + " encodes to " + length + " bytes, over " + limit
                + "; send it in smaller pieces, or raise the node's maximum message size");
        }
        return (int) length;
    }

    /**
     * Writes {@code value} as the varData field (a little-endian uint32 length, then the payload) at a frame
     * encoder's current limit, in place with no copy, and moves the encoder past it, as the generated
     * {@code putPayload(...)} would. Write the frame's variable fields in schema order, this one among them.
     *
     * @param value the message body
     * @param frame an encoder wrapped over the frame being written, whose buffer can hold the payload
     * @return the payload's length in bytes (without the 4-byte length)
     * @throws SporeException {@code UNENCODABLE} or {@code MESSAGE_TOO_LARGE}; the frame is then unfinished
     */
    public int encodeVarData(Object value, MessageEncoderFlyweight frame) {
        MutableDirectBuffer target = frame.buffer();
        int limit = frame.limit();
        int length = encode(value, target, limit + Integer.BYTES);
        target.putInt(limit, length, ORDER);
        frame.limit(limit + Integer.BYTES + length);
        return length;
    }

    private void writeValue(Object value) {
        if (value == null) {
            putByte(PayloadFormat.NULL);
        } else if (value instanceof String s) {
            putByte(PayloadFormat.STRING);
            putUtf8(s);
        } else if (value instanceof Long l) {
            writeLong(l);
        } else if (value instanceof Integer i) {
            writeInt(i);
        } else if (value instanceof Boolean b) {
            putByte(b ? PayloadFormat.TRUE : PayloadFormat.FALSE);
        } else if (value instanceof Pid pid) {
            putByte(PayloadFormat.PID);
            putNode(pid.node());
            putVarint(pid.id());
            putInt(pid.creation());
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof byte[] bytes) {
            putByte(PayloadFormat.BYTES);
            putVarint(bytes.length);
            putBytes(bytes);
        } else if (value instanceof List<?> list) {
            writeCollection(PayloadFormat.LIST, list);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map);
        } else if (value instanceof Set<?> set) {
            writeCollection(PayloadFormat.SET, set);
        } else {
            writeOther(value);
        }
    }

    /** The less common types, kept out of {@link #writeValue} so the common ones are tested first. */
    private void writeOther(Object value) {
        if (value instanceof Short s) {
            writeShort(s);
        } else if (value instanceof Byte b) {
            writeByte(b);
        } else if (value instanceof Float f) {
            writeFloat(f);
        } else if (value instanceof Character c) {
            writeChar(c);
        } else if (value instanceof Ref ref) {
            if (ref.node() == null) {
                throw new SporeException(SporeException.Reason.UNENCODABLE,
                    "cannot send " + ref + ": a ref needs the node that made it");
            }
            putByte(PayloadFormat.REF);
            putNode(ref.node());
            putVarint(ref.id());
            putInt(ref.creation());
        } else if (value instanceof Name name) {
            putByte(PayloadFormat.NAME);
            putAscii(name.value());
        } else if (value instanceof NodeName node) {
            putByte(PayloadFormat.NODE_NAME);
            putNode(node);
        } else if (value instanceof ExitReason reason) {
            putByte(PayloadFormat.EXIT_REASON);
            putByte((byte) WireCodes.exitKind(reason.kind()).value());
            putUtf8(reason.description() == null ? "" : reason.description());
        } else if (value instanceof Down down) {
            putByte(PayloadFormat.DOWN);
            writeValue(down.monitor());
            writeValue(down.pid());
            writeValue(down.reason());
        } else if (value instanceof Exit exit) {
            putByte(PayloadFormat.EXIT);
            writeValue(exit.from());
            writeValue(exit.reason());
        } else if (value instanceof Record || value instanceof Enum<?>) {
            writeRegistered(value);
        } else {
            throw unencodable(value.getClass());
        }
    }

    private void writeRegistered(Object value) {
        Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
        RegisteredType registered = registry.byClass(type);
        if (registered == null) {
            throw unencodable(type);
        }
        if (!registered.isRecord()) {
            putByte(PayloadFormat.ENUM);
            putAscii(registered.wireName);
            putAscii(((Enum<?>) value).name());
            return;
        }
        enter(value);
        putByte(PayloadFormat.RECORD);
        putAscii(registered.wireName);
        putVarint(registered.accessors.length);
        for (int i = 0; i < registered.accessors.length; i++) {
            try {
                MethodHandle primitive = registered.primitiveAccessors[i];
                if (primitive == null) {
                    writeValue((Object) registered.accessors[i].invokeExact(value));
                } else {
                    writePrimitive(registered.componentTypes[i], primitive, value);
                }
            } catch (SporeException e) {
                throw e;
            } catch (Throwable t) {
                throw new SporeException(SporeException.Reason.UNENCODABLE, "cannot read component '"
                    + registered.componentNames[i] + "' of " + type.getName() + ": its accessor threw " + t, t);
            }
        }
        depth--;
    }

    /**
     * A primitive record component, read through its exact accessor and written as its box would be, without the
     * box: a record of numbers encodes without allocating.
     */
    private void writePrimitive(Class<?> type, MethodHandle accessor, Object record) throws Throwable {
        if (type == long.class) {
            writeLong((long) accessor.invokeExact(record));
        } else if (type == int.class) {
            writeInt((int) accessor.invokeExact(record));
        } else if (type == double.class) {
            writeDouble((double) accessor.invokeExact(record));
        } else if (type == boolean.class) {
            putByte((boolean) accessor.invokeExact(record) ? PayloadFormat.TRUE : PayloadFormat.FALSE);
        } else if (type == short.class) {
            writeShort((short) accessor.invokeExact(record));
        } else if (type == byte.class) {
            writeByte((byte) accessor.invokeExact(record));
        } else if (type == float.class) {
            writeFloat((float) accessor.invokeExact(record));
        } else {
            writeChar((char) accessor.invokeExact(record));
        }
    }

    private void writeLong(long value) {
        putByte(PayloadFormat.LONG);
        putZigZag(value);
    }

    private void writeInt(int value) {
        putByte(PayloadFormat.INT);
        putZigZag(value);
    }

    private void writeDouble(double value) {
        putByte(PayloadFormat.DOUBLE);
        putLong(Double.doubleToRawLongBits(value));
    }

    private void writeShort(short value) {
        putByte(PayloadFormat.SHORT);
        putZigZag(value);
    }

    private void writeByte(byte value) {
        putByte(PayloadFormat.BYTE);
        putByte(value);
    }

    private void writeFloat(float value) {
        putByte(PayloadFormat.FLOAT);
        putInt(Float.floatToRawIntBits(value));
    }

    private void writeChar(char value) {
        putByte(PayloadFormat.CHAR);
        putVarint(value);
    }

    private void writeCollection(byte tag, Collection<?> collection) {
        enter(collection);
        putByte(tag);
        putVarint(collection.size());
        if (collection instanceof List<?> list && list instanceof java.util.RandomAccess) {
            // Indexed, so a list sent on the hot path makes no iterator.
            for (int i = 0, n = list.size(); i < n; i++) {
                writeValue(list.get(i));
            }
        } else {
            for (Object element : collection) {
                writeValue(element);
            }
        }
        depth--;
    }

    private void writeMap(Map<?, ?> map) {
        enter(map);
        putByte(PayloadFormat.MAP);
        putVarint(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            writeValue(entry.getKey());
            writeValue(entry.getValue());
        }
        depth--;
    }

    private void enter(Object container) {
        if (++depth > PayloadFormat.MAX_DEPTH) {
            throw new SporeException(SporeException.Reason.UNENCODABLE, "a message nests lists, sets, maps and"
                + " records more than " + PayloadFormat.MAX_DEPTH + " deep (at a " + container.getClass().getName()
                + "); is there a cycle? Flatten the message");
        }
    }

    private static SporeException unencodable(Class<?> type) {
        String advice = type.isRecord() || type.isEnum()
            ? "register it on both nodes under a wire name, e.g. TypeRegistry.register(\"my.type\", "
                + type.getSimpleName() + ".class)"
            : "send a built-in type (null, boolean, numbers, char, String, byte[], Pid, Ref, Name, NodeName,"
                + " ExitReason, List, Set, Map) or a registered record or enum that carries its data";
        return new SporeException(SporeException.Reason.UNENCODABLE,
            "cannot send a value of type " + type.getName() + ": it has no registered encoding; " + advice);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    // Primitive writes: each checks the end first and only counts once past it.

    private boolean room(int length) {
        return position + length <= end;
    }

    private void putByte(byte value) {
        if (room(1)) {
            buffer.putByte((int) position, value);
        }
        position++;
    }

    private void putInt(int value) {
        if (room(Integer.BYTES)) {
            buffer.putInt((int) position, value, ORDER);
        }
        position += Integer.BYTES;
    }

    private void putLong(long value) {
        if (room(Long.BYTES)) {
            buffer.putLong((int) position, value, ORDER);
        }
        position += Long.BYTES;
    }

    private void putBytes(byte[] bytes) {
        if (room(bytes.length)) {
            buffer.putBytes((int) position, bytes);
        }
        position += bytes.length;
    }

    private void putZigZag(long value) {
        putVarint((value << 1) ^ (value >> 63));
    }

    private void putVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            putByte((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        putByte((byte) value);
    }

    private void putAscii(String text) {
        putVarint(text.length());
        putChars(text);
    }

    /** {@code name@host} without building that string: NodeName.toString() would allocate on every pid. */
    private void putNode(NodeName node) {
        String name = node.name();
        String host = node.host();
        putVarint(name.length() + 1 + host.length());
        putChars(name);
        putByte((byte) '@');
        putChars(host);
    }

    private void putChars(String ascii) {
        int length = ascii.length();
        if (room(length)) {
            for (int i = 0; i < length; i++) {
                buffer.putByte((int) position + i, (byte) ascii.charAt(i));
            }
        }
        position += length;
    }

    private void putUtf8(String text) {
        int length = utf8Length(text);
        putVarint(length);
        if (!room(length)) {
            position += length;
            return;
        }
        int at = (int) position;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer.putByte(at++, (byte) c);
            } else if (c < 0x800) {
                buffer.putByte(at++, (byte) (0xC0 | (c >> 6)));
                buffer.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer.putByte(at++, (byte) (0xF0 | (cp >> 18)));
                buffer.putByte(at++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buffer.putByte(at++, (byte) '?');
            } else {
                buffer.putByte(at++, (byte) (0xE0 | (c >> 12)));
                buffer.putByte(at++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(at++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        position = at;
    }

    /** UTF-8 length as {@link #putUtf8} writes it: an unpaired surrogate takes one byte ('?'). */
    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
