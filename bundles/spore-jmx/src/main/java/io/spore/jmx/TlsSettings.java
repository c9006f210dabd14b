package io.spore.jmx;

import io.spore.api.config.SporeProperties;
import io.spore.api.host.PrivateFiles;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;

/**
 * TLS for the remote connector, as the JDK's agent does it with {@code com.sun.management.jmxremote.ssl}: the
 * connector's server speaks TLS and hands clients stubs with a {@link javax.rmi.ssl.SslRMIClientSocketFactory}, so
 * every JMX client (JConsole included) connects over TLS with the JDK's default trust, which
 * {@code -Djavax.net.ssl.trustStore} sets. The RMI registry speaks TLS too unless {@code registry} is off (the JDK's
 * {@code registry.ssl}): then a network attacker who answers for the registry could hand out a stub of their own,
 * and the registry needs a port of its own, since one port speaks one protocol.
 *
 * <p>The server's key comes from {@code keystore}, or, when none is given, from the JVM's own
 * {@code javax.net.ssl.keyStore} system properties.
 *
 * @param registry         whether the registry speaks TLS too
 * @param keystore         the keystore holding the server's key and certificate, or {@code null} for the JVM's
 * @param keystoreType     its type ({@code PKCS12}, {@code JKS})
 * @param passwordFile     a file whose first line is the keystore's password, or {@code null}
 * @param password         the keystore's password, or {@code null}
 */
record TlsSettings(boolean registry, Path keystore, String keystoreType, Path passwordFile, String password) {
    /**
     * @return the server side's context, its key loaded now
     * @throws IllegalArgumentException with one line naming what is wrong and what to do: no keystore, a wrong
     *                                  password, no key in it, a password file others can read
     */
    SSLContext context() {
        try {
            if (keystore == null) {
                if (System.getProperty("javax.net.ssl.keyStore") == null) {
                    throw new IllegalArgumentException("TLS for the JMX connector (" + SporeProperties.JMX_SSL
                        + ") needs a keystore with the server's key: give " + SporeProperties.JMX_SSL_KEYSTORE
                        + ", or start the JVM"
                        + " with -Djavax.net.ssl.keyStore");
                }
                return SSLContext.getDefault();
            }
            char[] secret = secret();
            KeyStore keys = KeyStore.getInstance(keystoreType);
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, secret);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot open the JMX keystore " + keystore + " as " + keystoreType
                    + ": " + e.getMessage() + "; check the file, its type (" + SporeProperties.JMX_SSL_KEYSTORE_TYPE
                    + ") and its password");
            }
            List<String> aliases = Collections.list(keys.aliases());
            boolean hasKey = false;
            for (String alias : aliases) {
                hasKey |= keys.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("the JMX keystore " + keystore + " holds no private key (entries: "
                    + aliases + "): make one with keytool -genkeypair, or import the server's key and certificate");
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the JMX keystore " + (keystore == null
                ? System.getProperty("javax.net.ssl.keyStore") : keystore) + ": " + e.getMessage());
        }
    }

    /** Without the password, which must not reach a log. */
    @Override
    public String toString() {
        return "TlsSettings[registry=" + registry + ", keystore=" + keystore + ", keystoreType=" + keystoreType
            + ", passwordFile=" + passwordFile + ", password=" + (password == null ? "none" : "given") + "]";
    }

    private char[] secret() {
        if (passwordFile != null) {
            if (!Files.isRegularFile(passwordFile)) {
                throw new IllegalArgumentException(SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE + " " + passwordFile
                    + " does not exist: name the file whose first line is the keystore's password");
            }
            PrivateFiles.requireOwnerOnly(passwordFile, "the JMX keystore password file");
            try {
                List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
                return (lines.isEmpty() ? "" : lines.get(0).strip()).toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + passwordFile + ": " + e.getMessage());
            }
        }
        if (password != null) {
            return password.toCharArray();
        }
        throw new IllegalArgumentException("the JMX keystore " + keystore + " needs its password: give "
            + SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE + " (a file readable by you only) or "
            + SporeProperties.JMX_SSL_KEYSTORE_PASSWORD);
    }
}
