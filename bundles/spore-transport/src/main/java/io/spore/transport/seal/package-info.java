/**
 * Sealed messages between nodes: the cryptography that authenticates, and by default encrypts, every Aeron message
 * after the handshake, in pure Java with the JDK's providers.
 *
 * <p>In the order a connection uses them: each side makes an {@link io.spore.transport.seal.EphemeralKey} (X25519,
 * {@link io.spore.transport.seal.X25519}) and records the handshake in a {@link io.spore.transport.seal.Transcript};
 * the {@link io.spore.transport.seal.KeySchedule} turns the cookie, the shared secret and the transcript's hash into
 * {@link io.spore.transport.seal.SessionKeys} (both proofs, and a {@link io.spore.transport.seal.TrafficSecret} per
 * direction, with {@link io.spore.transport.seal.Hkdf}); then a {@link io.spore.transport.seal.Sealer} seals what
 * one side sends and the other side's {@link io.spore.transport.seal.Opener} opens it, refusing with a
 * {@link io.spore.transport.seal.Rejection}. The wire form is {@link io.spore.transport.seal.SealedLayout}'s; the
 * {@link io.spore.transport.seal.Suite} says how a message is protected, and
 * {@link io.spore.transport.seal.KeyLimits} when keys rotate.
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.seal;
