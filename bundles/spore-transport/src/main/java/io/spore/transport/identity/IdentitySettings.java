package io.spore.transport.identity;

import io.spore.api.NodeName;
import io.spore.api.SporeException;
import io.spore.api.config.PropertySource;
import io.spore.api.config.SporeProperties;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a node's identity files are, from its properties ({@link SporeProperties#IDENTITY_KEYSTORE},
 * {@link SporeProperties#IDENTITY_TRUSTSTORE}, {@link SporeProperties#IDENTITY_PASSWORD_FILE}). A node has an
 * identity when its keystore is named; the trust store and the password file then default to
 * {@code ~/.spore/trust.p12} and {@code ~/.spore/identity.password}.
 *
 * @param keystore     the node's keystore
 * @param truststore   the trust store
 * @param passwordFile the file that opens both
 */
public record IdentitySettings(Path keystore, Path truststore, Path passwordFile) {

    /**
     * @param properties the node's settings
     * @return the identity's files, or empty when no keystore is named (the node has no identity)
     * @throws SporeException {@code INVALID_ARGUMENT}, naming the property, when a path cannot be read
     */
    public static Optional<IdentitySettings> from(PropertySource properties) {
        Path keystore = SporeProperties.IDENTITY_KEYSTORE.read(properties);
        if (keystore == null) {
            return Optional.empty();
        }
        return Optional.of(new IdentitySettings(keystore,
            SporeProperties.IDENTITY_TRUSTSTORE.read(properties, IdentityStores.defaultTruststore()),
            SporeProperties.IDENTITY_PASSWORD_FILE.read(properties, IdentityStores.defaultPasswordFile())));
    }

    /**
     * @param node this node's name
     * @return its identity, checked ({@link NodeIdentity#load})
     * @throws SporeException as {@link NodeIdentity#load}
     */
    public NodeIdentity loadIdentity(NodeName node) {
        return NodeIdentity.load(keystore, passwordFile, node);
    }

    /**
     * @return the peers this node accepts ({@link TrustedPeers#load})
     * @throws SporeException as {@link TrustedPeers#load}
     */
    public TrustedPeers loadTrustedPeers() {
        return TrustedPeers.load(truststore, passwordFile);
    }
}
