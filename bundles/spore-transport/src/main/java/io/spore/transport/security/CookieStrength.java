package io.spore.transport.security;

/**
 * How much a cookie could be guessed: an upper estimate of its entropy in bits, and the bound below which a node
 * refuses to use it.
 *
 * <p>Why an estimate suffices: the cookie is the key of the handshake's HMAC, and anyone who records one handshake
 * can test guesses offline at billions a second. A cookie that a person typed (a word, a phrase, a short secret) falls
 * to that; a cookie of {@value #MIN_BITS} random bits does not. The estimate is generous to the cookie, so it refuses
 * only what is surely weak: the length times log2 of the alphabet its characters are drawn from (hex digits 16;
 * otherwise 26 for lower-case letters, 26 for upper-case, 10 for digits and 33 for other printable ASCII, each when
 * present; 256 for any other character, counted per UTF-8 byte), and a cookie of fewer than
 * {@value #MIN_DISTINCT} distinct characters, or of one repeated text, counts as weak whatever its length.
 *
 * <p>Thread-safe: stateless.
 */
public final class CookieStrength {
    /** The least entropy a cookie must have: as much as 16 random bytes, the security level of the HMAC's key. */
    public static final int MIN_BITS = 128;
    /** Fewer distinct characters than this is a repeated pattern, not a random secret. */
    static final int MIN_DISTINCT = 8;

    private static final String SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

    private CookieStrength() {
    }

    /** @return an upper estimate of the entropy of {@code cookie}, in bits; 0 for a repeated pattern */
    public static double estimatedBits(String cookie) {
        if (cookie.chars().distinct().count() < MIN_DISTINCT || isRepeated(cookie)) {
            return 0;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        boolean hexOnly = true;
        long otherBytes = 0;
        int ascii = 0;
        for (int i = 0; i < cookie.length(); i++) {
            char c = cookie.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
                hexOnly &= c <= 'f';
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
                hexOnly &= c <= 'F';
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (SYMBOLS.indexOf(c) >= 0) {
                symbol = true;
                hexOnly = false;
            } else {
                hexOnly = false;
                otherBytes += String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                continue;
            }
            ascii++;
        }
        int alphabet = hexOnly && !(lower && upper) ? 16
            : (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0);
        double bits = alphabet == 0 ? 0 : ascii * Math.log(alphabet) / Math.log(2);
        return bits + 8.0 * otherBytes;
    }

    /** @return whether the cookie is strong enough to use */
    public static boolean isStrong(String cookie) {
        return estimatedBits(cookie) >= MIN_BITS;
    }

    /** Whether the text is one shorter text written several times ("abcdefghabcdefgh..."). */
    private static boolean isRepeated(String text) {
        int n = text.length();
        for (int period = 1; period <= n / 2; period++) {
            if (n % period == 0 && text.substring(period).equals(text.substring(0, n - period))) {
                return true;
            }
        }
        return false;
    }
}
