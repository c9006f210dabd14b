package io.spore.transport.seal;

import java.util.Arrays;

/** Helpers of the sealer and opener tests: fixed secrets, payloads, one-shot seal and open. */
final class SealedMessages {
    private SealedMessages() {
    }

    /** The secret 00 01 02 ... 1f, epoch 0: the one the known answers were computed with. */
    static TrafficSecret secret() {
        byte[] bytes = new byte[TrafficSecret.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return new TrafficSecret(0, bytes);
    }

    static byte[] payload(int length, int seed) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + seed);
        }
        return payload;
    }

    static byte[] seal(Sealer sealer, byte[] payload) {
        byte[] message = new byte[payload.length + SealedLayout.OVERHEAD];
        int length = sealer.seal(payload, 0, payload.length, message, 0);
        return Arrays.copyOf(message, length);
    }

    /** @return the payload, or null when refused (then {@code lastCode[0]} is the code) */
    static byte[] open(Opener opener, byte[] message, int[] lastCode) {
        byte[] target = new byte[Math.max(0, message.length - SealedLayout.OVERHEAD)];
        int result = opener.open(message, 0, message.length, target, 0);
        if (lastCode != null) {
            lastCode[0] = result;
        }
        return result < 0 ? null : Arrays.copyOf(target, result);
    }

    static Rejection rejection(Opener opener, byte[] message) {
        int[] code = new int[1];
        byte[] opened = open(opener, message, code);
        if (opened != null) {
            throw new AssertionError("opened " + opened.length + " bytes, expected a rejection");
        }
        return Rejection.of(code[0]);
    }
}
