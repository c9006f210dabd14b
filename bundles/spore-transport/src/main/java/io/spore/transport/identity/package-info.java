/**
 * Node identities: a node's own key and certificate, the certificates it accepts peers by, and the proofs a handshake
 * exchanges with them. With identities on, a node's name rests on a signature, not on the shared cookie alone: a
 * cookie holder without the right certificate cannot claim another node's name.
 *
 * <p>In the order a handshake uses them: {@link io.spore.transport.identity.NodeIdentity} is this node's key and
 * chain, loaded and checked at start from the files {@link io.spore.transport.identity.IdentitySettings} names;
 * {@link io.spore.transport.identity.CertificateChainCodec} carries a chain in a frame and decodes a stranger's;
 * {@link io.spore.transport.identity.TrustedPeers} decides whether that chain proves the name the peer claimed
 * ({@link io.spore.transport.identity.NodeCertificates} holds the rule: a URI subject alternative name
 * {@code spore:NAME@HOST}), giving a {@link io.spore.transport.identity.VerifiedPeer}; and
 * {@link io.spore.transport.identity.TranscriptSignature} signs the transcript and checks the peer's signature. A
 * failure is an {@link io.spore.transport.identity.IdentityException} with its reason.
 *
 * <p>For {@code spore identity}: {@link io.spore.transport.identity.IdentityCreator} makes a keystore with the JDK's
 * keytool, {@link io.spore.transport.identity.TrustStoreWriter} adds certificates to a trust store, and
 * {@link io.spore.transport.identity.CertificateFiles} reads and writes PEM. Files are checked as the cookie is
 * ({@link io.spore.transport.identity.IdentityStores}).
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.identity;
