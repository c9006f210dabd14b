package io.spore.launcher;

import io.spore.api.host.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key a subscriber and the launchers that notify it share, so that the subscriber prints only notices a launcher
 * of its own sent: each notice line carries an HMAC-SHA256 of the connection's nonce, the line's sequence number on
 * that connection and the notice itself ({@link #sign}), which the subscriber checks ({@link #verify}).
 *
 * <p>The key is never a secret text itself but derived from one, {@code HMAC-SHA256(text, "spore launch subscriber
 * notices v1")}: the text is the cookie ({@code ~/.spore/cookie}) by default, or the content of a file given at
 * {@code subscribe} time. So the key a launcher keeps, and that may travel to another host through ssh, opens no
 * other door that the cookie opens.
 *
 * <p>Immutable and thread-safe; {@link #toString()} hides the key.
 */
public final class SubscriberSecret {
    /** The shortest secret text accepted, in bytes: 128 bits if random. */
    public static final int MIN_TEXT_BYTES = 16;
    /** A secret file larger than this is refused: it is surely the wrong file. */
    static final int MAX_FILE_BYTES = 4096;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] PURPOSE = "spore launch subscriber notices v1".getBytes(StandardCharsets.UTF_8);
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    private SubscriberSecret(byte[] key) {
        this.key = key;
    }

    /**
     * @param text a secret text: the cookie's, or a secret file's, surrounding white space removed
     * @return the key derived from it
     * @throws LaunchException when the text is shorter than {@value #MIN_TEXT_BYTES} bytes
     */
    public static SubscriberSecret fromText(byte[] text) {
        if (text.length < MIN_TEXT_BYTES) {
            throw new LaunchException(tooShort(text.length));
        }
        return new SubscriberSecret(hmac(text, PURPOSE));
    }

    /**
     * Reads a secret file: it must be a regular file that only its owner, this user, may read or write (checked with
     * {@link PrivateFiles}), of at most {@value #MAX_FILE_BYTES} bytes.
     *
     * @param file the file
     * @return the key derived from its text, surrounding white space removed
     * @throws LaunchException when the file is missing, readable or writable by others, too large, too short or
     *                         unreadable; the message names the file and the fix
     */
    public static SubscriberSecret fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("secret file " + file + (Files.exists(file) ? " is not a regular file"
                : " does not exist") + ": give a file that holds the subscriber's secret");
        }
        try {
            PrivateFiles.requireOwnerOnly(file, "secret file");
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new LaunchException(e.getMessage());
        }
        byte[] text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new LaunchException("secret file " + file + " is larger than " + MAX_FILE_BYTES
                    + " bytes: is it the right file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchException("cannot read secret file " + file + ": " + e.getMessage());
        }
        if (text.length < MIN_TEXT_BYTES) {
            throw new LaunchException("secret file " + file + ": " + tooShort(text.length));
        }
        return fromText(text);
    }

    private static String tooShort(int length) {
        return "a subscriber secret needs at least " + MIN_TEXT_BYTES + " bytes, not " + length
            + ": make one with '(umask 077; head -c 32 /dev/urandom | base64 > FILE)'";
    }

    /**
     * @param encoded a key as {@link #encoded()} gave it
     * @return that key
     * @throws LaunchException when the text is not one
     */
    public static SubscriberSecret decode(String encoded) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw new LaunchException("not a subscriber key: expected " + KEY_BYTES + " bytes in base64");
        }
        return new SubscriberSecret(key);
    }

    /** @return the key in base64, as a subscription carries it to the launcher (never the secret text) */
    public String encoded() {
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * @param nonce    the connection's nonce, from the subscriber's greeting
     * @param sequence the line's number on this connection, from 1
     * @param json     the notice as one line of JSON
     * @return the line to send: the MAC in hex, a space, the JSON
     */
    String sign(String nonce, long sequence, String json) {
        return mac(nonce, sequence, json) + " " + json;
    }

    /**
     * @param nonce    the connection's nonce
     * @param sequence the number the next line must carry
     * @param line     a line as {@link #sign} makes them
     * @return the JSON it carries when its MAC is right for {@code nonce} and {@code sequence}, or {@code null}
     */
    String verify(String nonce, long sequence, String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String json = line.substring(space + 1);
        byte[] given = line.substring(0, space).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(nonce, sequence, json).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? json : null;
    }

    private String mac(String nonce, long sequence, String json) {
        String signed = nonce + "\n" + sequence + "\n" + json;
        return HexFormat.of().formatHex(hmac(key, signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK: " + e, e);
        }
    }

    /** Constant time, so the comparison leaks nothing about where two keys differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SubscriberSecret secret && MessageDigest.isEqual(key, secret.key);
    }

    /** Only the length: a hash of the key would say something about it wherever it is printed. */
    @Override
    public int hashCode() {
        return key.length;
    }

    @Override
    public String toString() {
        return "SubscriberSecret[hidden]";
    }
}
