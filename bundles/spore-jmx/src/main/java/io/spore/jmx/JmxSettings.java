package io.spore.jmx;

import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;
import io.spore.api.config.SporeProperty;
import io.spore.core.metatype.SettingsDescription;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;

/**
 * The remote connector's settings, read from the JMX group of {@link SporeProperties}. Without
 * {@link SporeProperties#JMX_PORT} there is no remote connector (JConsole's local attach still works: the MBeans
 * live in the platform MBeanServer).
 *
 * @param port         the RMI registry's TCP port
 * @param rmiPort      the TCP port of the connector's RMI server; by default the registry's own, so one port carries
 *                     everything
 * @param host         the address to listen on; by default loopback only
 * @param passwordFile the password file, or {@code null} for {@code jmx.password} in the state folder
 * @param accessFile   the access file, or {@code null} for {@code jmx.access} in the state folder
 * @param stateDir     the node's state folder, or {@code null}
 * @param tls          TLS for the connector, or {@code null} for none
 */
record JmxSettings(int port, int rmiPort, String host, Path passwordFile, Path accessFile, Path stateDir,
                   TlsSettings tls) {
    /**
     * What consoles show of the configuration {@value JmxConfiguration#PID}: the settings {@link #read} reads, the
     * state folder included (where the connector generates its password and access files when none are given).
     */
    static final SettingsDescription DESCRIPTION = new SettingsDescription(JmxConfiguration.PID, "Spore JMX",
        "The remote JMX connector's settings, over the framework properties of the same names; spore.jmx.port turns"
            + " it on. Any change restarts the connector (its clients connect again); one it cannot start with is"
            + " refused and logged, and the connector runs on as it was.",
        List.of(SporeProperties.JMX_PORT, SporeProperties.JMX_RMI_PORT, SporeProperties.JMX_HOST,
            SporeProperties.JMX_PASSWORD_FILE, SporeProperties.JMX_ACCESS_FILE, SporeProperties.STATE_DIR,
            SporeProperties.JMX_SSL, SporeProperties.JMX_REGISTRY_SSL, SporeProperties.JMX_SSL_KEYSTORE,
            SporeProperties.JMX_SSL_KEYSTORE_TYPE, SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE,
            SporeProperties.JMX_SSL_KEYSTORE_PASSWORD),
        Set.of(), "", "A change restarts the JMX connector.");

    /** Settings without TLS. */
    JmxSettings(int port, int rmiPort, String host, Path passwordFile, Path accessFile, Path stateDir) {
        this(port, rmiPort, host, passwordFile, accessFile, stateDir, null);
    }

    /**
     * @param properties the framework's properties
     * @return the settings, or {@code null} when {@link SporeProperties#JMX_PORT} is not set
     * @throws SporeException {@code INVALID_ARGUMENT} naming the property that is malformed
     */
    static JmxSettings read(PropertySource properties) {
        Integer registryPort = SporeProperties.JMX_PORT.read(properties);
        if (registryPort == null) {
            return null;
        }
        int rmiPort = SporeProperties.JMX_RMI_PORT.read(properties, registryPort);
        return new JmxSettings(registryPort, rmiPort, SporeProperties.JMX_HOST.read(properties),
            absolute(SporeProperties.JMX_PASSWORD_FILE.read(properties)),
            absolute(SporeProperties.JMX_ACCESS_FILE.read(properties)),
            absolute(SporeProperties.STATE_DIR.read(properties)), tls(properties, registryPort, rmiPort));
    }

    private static TlsSettings tls(PropertySource properties, int registryPort, int rmiPort) {
        if (!SporeProperties.JMX_SSL.read(properties)) {
            for (SporeProperty<?> setting : List.of(SporeProperties.JMX_REGISTRY_SSL, SporeProperties.JMX_SSL_KEYSTORE,
                SporeProperties.JMX_SSL_KEYSTORE_TYPE, SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE,
                SporeProperties.JMX_SSL_KEYSTORE_PASSWORD)) {
                if (setting.isSet(properties)) {
                    throw setting.invalid("configures TLS for the JMX connector, which " + SporeProperties.JMX_SSL
                        + "=true turns on: set it too, or leave " + setting + " out");
                }
            }
            return null;
        }
        boolean registry = SporeProperties.JMX_REGISTRY_SSL.read(properties);
        if (!registry && registryPort == rmiPort) {
            throw SporeProperties.JMX_REGISTRY_SSL.invalid("a plain RMI registry and a TLS connector cannot share port "
                + registryPort + ": give the connector its own port with " + SporeProperties.JMX_RMI_PORT);
        }
        String password = properties.get(SporeProperties.JMX_SSL_KEYSTORE_PASSWORD.name());
        return new TlsSettings(registry, absolute(SporeProperties.JMX_SSL_KEYSTORE.read(properties)),
            SporeProperties.JMX_SSL_KEYSTORE_TYPE.read(properties, KeyStore.getDefaultType()),
            absolute(SporeProperties.JMX_SSL_KEYSTORE_PASSWORD_FILE.read(properties)),
            password == null || password.isEmpty() ? null : password);
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }
}
