package io.spore.benchmarks;

/**
 * The messages of the remote benchmarks and their bare-Aeron baselines, named by a JMH {@code @Param}: the same
 * names give the same sizes on both sides.
 */
final class Payload {
    /** A short String: 4 characters, 4 bytes of UTF-8. */
    static final String STRING = "string";
    /** A 32-byte array. */
    static final String BYTES_32 = "bytes32";
    /** A 256-byte array. */
    static final String BYTES_256 = "bytes256";
    /** A 4096-byte array: several fragments on the wire (Aeron's default MTU is 1408 bytes). */
    static final String BYTES_4096 = "bytes4096";
    /**
     * A small {@code Long} (42): a value whose decoding allocates nothing (the JDK caches small boxes), so what a
     * one-way message of it allocates is the runtime's own garbage alone.
     */
    static final String LONG = "long";

    private Payload() {
    }

    /** @return the message a Spore benchmark sends; a constant, so {@code -prof gc} shows only the runtime's garbage */
    static Object message(String name) {
        return switch (name) {
            case STRING -> "ping";
            case BYTES_32 -> new byte[32];
            case BYTES_256 -> new byte[256];
            case BYTES_4096 -> new byte[4096];
            case LONG -> 42L;
            default -> throw unknown(name);
        };
    }

    /** @return how many bytes the bare-Aeron baseline offers for {@code name}: the payload's bytes alone */
    static int length(String name) {
        return switch (name) {
            case STRING -> 4;
            case BYTES_32 -> 32;
            case BYTES_256 -> 256;
            case BYTES_4096 -> 4096;
            case LONG -> Long.BYTES;
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown payload '" + name + "': use " + STRING + ", " + BYTES_32 + ", "
            + BYTES_256 + ", " + BYTES_4096 + " or " + LONG);
    }
}
