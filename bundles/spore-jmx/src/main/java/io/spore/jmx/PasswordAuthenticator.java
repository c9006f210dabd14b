package io.spore.jmx;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * Checks a connecting client's {@code {user, password}} against the password file, and gives the subject the
 * user's access level from the access file. A user without an access entry is refused: being known is not enough.
 *
 * <p>Threading: called by the connector on its connection threads, concurrently; stateless.
 */
final class PasswordAuthenticator implements JMXAuthenticator {
    private static final System.Logger LOG = System.getLogger(PasswordAuthenticator.class.getName());

    private final Credentials credentials;

    PasswordAuthenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Subject authenticate(Object given) {
        if (!(given instanceof String[] pair) || pair.length != 2 || pair[0] == null || pair[1] == null) {
            throw new SecurityException("authentication failed: give a user name and a password");
        }
        String user = pair[0];
        Map<String, String> passwords = credentials.passwords();
        String expected = passwords.get(user);
        // Compared in constant time, so the time taken says nothing about how much of a password was right.
        if (expected == null | !MessageDigest.isEqual(bytes(expected), bytes(pair[1]))) {
            LOG.log(System.Logger.Level.WARNING, "JMX login refused for user ''{0}'': wrong user or password", user);
            throw new SecurityException("authentication failed: wrong user or password");
        }
        AccessLevel level = AccessLevel.parse(credentials.access().get(user));
        if (level == null) {
            LOG.log(System.Logger.Level.WARNING, "JMX login refused for user ''{0}'': no readonly, readwrite or admin"
                + " entry in {1}", user, credentials.accessFile());
            throw new SecurityException("authentication failed: user '" + user + "' has no access entry");
        }
        return new Subject(true, Set.of(new JMXPrincipal(user), level), Set.of(), Set.of());
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
