/**
 * Spore's wire: what two nodes exchange, and how message bodies become bytes.
 *
 * <ul>
 *   <li>Frames are SBE messages defined by the schema {@code sbe/spore-wire.xml} in this bundle (the wire contract);
 *       their flyweight codecs are generated into {@code io.spore.wire.sbe}. {@link io.spore.wire.FrameReader}
 *       validates a received frame and hands out the matching decoder; {@link io.spore.wire.FrameType} lists the
 *       frames.</li>
 *   <li>Message bodies (payloads) are written by {@link io.spore.wire.PayloadEncoder} and read by
 *       {@link io.spore.wire.PayloadDecoder} in the format {@link io.spore.wire.PayloadFormat} describes; user
 *       records and enums travel once registered in a {@link io.spore.wire.TypeRegistry}.</li>
 *   <li>{@link io.spore.wire.HandshakeProof} computes the cookie proof of a stale-session
 *       notice ({@link io.spore.wire.StaleSessionNotice}), and the keyed hash that other proofs of the cookie are
 *       made of; {@link io.spore.wire.WireCodes} maps the API's enums to the schema's.</li>
 * </ul>
 *
 * <p>Errors: a value that cannot be sent fails on the sender with a {@link io.spore.api.SporeException}
 * ({@code UNENCODABLE}, {@code MESSAGE_TOO_LARGE}); bytes that cannot be read fail with a
 * {@link io.spore.wire.MalformedFrameException}, never with anything else.
 */
@Export
@Version("1.1.0")
package io.spore.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
