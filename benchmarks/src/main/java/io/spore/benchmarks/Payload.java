package io.spore.benchmarks;

/**
 * The messages of the remote benchmarks and their bare-Aeron baselines, named by a JMH {@code @Param}: the same
 * names give the same sizes on both sides.
 */
final class Payload {
    /** A short String: 4 characters, 4 bytes of UTF-8. */
    static final String STRING = "string";
    /** A 256-byte array. */
    static final String BYTES_256 = "bytes256";

    private Payload() {
    }

    /** @return the message a Spore benchmark sends; a constant, so {@code -prof gc} shows only the runtime's garbage */
    static Object message(String name) {
        return switch (name) {
            case STRING -> "ping";
            case BYTES_256 -> new byte[256];
            default -> throw new IllegalArgumentException("unknown payload '" + name + "': use " + STRING + " or "
                + BYTES_256);
        };
    }

    /** @return how many bytes the bare-Aeron baseline offers for {@code name}: the payload's bytes alone */
    static int length(String name) {
        return switch (name) {
            case STRING -> 4;
            case BYTES_256 -> 256;
            default -> throw new IllegalArgumentException("unknown payload '" + name + "': use " + STRING + " or "
                + BYTES_256);
        };
    }
}
