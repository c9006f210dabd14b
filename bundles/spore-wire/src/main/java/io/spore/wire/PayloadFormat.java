package io.spore.wire;

/**
 * The payload format: how a message body (any encodable value) is laid out in bytes. This class is its
 * specification and holds its constants; {@link PayloadEncoder} writes it and {@link PayloadDecoder} reads it.
 *
 * <pre>
 * payload   = version value          version: one byte, {@value #VERSION}
 * value     = tag body               tag: one byte, below
 *
 * tag   name         body
 * 0x00  NULL         (none)
 * 0x01  FALSE        (none)
 * 0x02  TRUE         (none)
 * 0x03  BYTE         1 byte
 * 0x04  SHORT        zigzag varint
 * 0x05  INT          zigzag varint
 * 0x06  LONG         zigzag varint
 * 0x07  FLOAT        4 bytes, IEEE 754 bits, little endian
 * 0x08  DOUBLE       8 bytes, IEEE 754 bits, little endian
 * 0x09  CHAR         varint (the UTF-16 code unit)
 * 0x0A  STRING       utf8
 * 0x0B  BYTES        varint n, n bytes                       (byte[])
 * 0x10  PID          node, varint id, creation               (io.spore.api.Pid)
 * 0x11  REF          node, varint id, creation               (io.spore.api.Ref)
 * 0x12  NAME         ascii                                   (io.spore.api.Name)
 * 0x13  NODE_NAME    node                                    (io.spore.api.NodeName)
 * 0x14  EXIT_REASON  reason                                  (io.spore.api.ExitReason)
 * 0x15  DOWN         value, value, value                     (io.spore.api.Down: its Ref, Pid, ExitReason)
 * 0x16  EXIT         value, value                            (io.spore.api.Exit: its Pid, ExitReason)
 * 0x20  LIST         varint n, n values                      (any java.util.List)
 * 0x21  SET          varint n, n values                      (any java.util.Set)
 * 0x22  MAP          varint n, n times (key value, value)    (any java.util.Map)
 * 0x30  RECORD       ascii type name, varint n, n values     (a registered record: its components in order)
 * 0x31  ENUM         ascii type name, ascii constant name    (a registered enum)
 *
 * varint    unsigned LEB128: 7 bits a byte, low bits first, high bit set on all but the last byte; at most 10 bytes
 * zigzag    a signed number n as the varint of (n &lt;&lt; 1) ^ (n &gt;&gt; 63), so small negatives stay short
 * utf8      varint n, n bytes of UTF-8 (an unpaired surrogate is written as '?', as Java's encoder does)
 * ascii     varint n, n bytes of US-ASCII
 * node      ascii name@host
 * creation  4 bytes, little endian (a creation is often large, so a varint would not save space)
 * reason    one byte kind, utf8 description; kinds are the schema's ExitKind values (NORMAL 0 ... OTHER 7), and
 *           an unknown kind reads as OTHER
 * </pre>
 *
 * <p>Why varints: most numbers in messages are small, and a counter's {@code 1L} costs two bytes rather than nine.
 * Type names are the names a record or enum was registered under ({@link TypeRegistry}), never Java class names, so
 * two nodes may use different classes for one wire type. Collections read back as {@code ArrayList},
 * {@code LinkedHashSet} and {@code LinkedHashMap}, in the order they were written. Nothing else is encodable:
 * other arrays, other collections, and classes that are neither built in nor registered fail on the sender.
 *
 * <p>A later format gets a new version byte; a reader refuses versions it does not know.
 */
public final class PayloadFormat {
    /** The format version this code writes and reads. */
    public static final byte VERSION = 1;

    /** Tag of {@code null}. */
    public static final byte NULL = 0x00;
    /** Tag of {@code false}. */
    public static final byte FALSE = 0x01;
    /** Tag of {@code true}. */
    public static final byte TRUE = 0x02;
    /** Tag of a {@code Byte}. */
    public static final byte BYTE = 0x03;
    /** Tag of a {@code Short}. */
    public static final byte SHORT = 0x04;
    /** Tag of an {@code Integer}. */
    public static final byte INT = 0x05;
    /** Tag of a {@code Long}. */
    public static final byte LONG = 0x06;
    /** Tag of a {@code Float}. */
    public static final byte FLOAT = 0x07;
    /** Tag of a {@code Double}. */
    public static final byte DOUBLE = 0x08;
    /** Tag of a {@code Character}. */
    public static final byte CHAR = 0x09;
    /** Tag of a {@code String}. */
    public static final byte STRING = 0x0A;
    /** Tag of a {@code byte[]}. */
    public static final byte BYTES = 0x0B;
    /** Tag of an {@link io.spore.api.Pid}. */
    public static final byte PID = 0x10;
    /** Tag of an {@link io.spore.api.Ref}. */
    public static final byte REF = 0x11;
    /** Tag of an {@link io.spore.api.Name}. */
    public static final byte NAME = 0x12;
    /** Tag of an {@link io.spore.api.NodeName}. */
    public static final byte NODE_NAME = 0x13;
    /** Tag of an {@link io.spore.api.ExitReason}. */
    public static final byte EXIT_REASON = 0x14;
    /** Tag of an {@link io.spore.api.Down}. */
    public static final byte DOWN = 0x15;
    /** Tag of an {@link io.spore.api.Exit}. */
    public static final byte EXIT = 0x16;
    /** Tag of a {@code List}. */
    public static final byte LIST = 0x20;
    /** Tag of a {@code Set}. */
    public static final byte SET = 0x21;
    /** Tag of a {@code Map}. */
    public static final byte MAP = 0x22;
    /** Tag of a registered record. */
    public static final byte RECORD = 0x30;
    /** Tag of a registered enum constant. */
    public static final byte ENUM = 0x31;

    /** Most lists, sets, maps and records inside one another that are written or read (a bound for the stack). */
    public static final int MAX_DEPTH = 64;

    /**
     * Most values one payload may hold, containers and their elements counted alike. Every value takes at least one
     * byte, so this bites only payloads over 1 MiB; it is the stated bound, checked before an element is allocated.
     */
    public static final int MAX_VALUES = 1 << 20;

    /**
     * Most lists, sets, maps and records one payload may hold. An empty set costs two bytes on the wire and about
     * a hundred on the heap: this bound keeps what a hostile payload can make a receiver allocate within a small
     * multiple of its length.
     */
    public static final int MAX_CONTAINERS = 1 << 16;

    /**
     * Most keys of one map or set that may share a hash code. Honest data almost never has more than two or three;
     * more is a hash-flooding attempt (keys that are not mutually comparable and share a hash make every insertion
     * scan them all), and the payload is refused before the table degrades.
     */
    public static final int MAX_KEYS_PER_HASH = 16;

    /** Longest varint, in bytes (64 bits at 7 a byte). */
    static final int MAX_VARINT_BYTES = 10;

    private PayloadFormat() {
    }
}
