/**
 * Who may talk to a node: the cookie ({@link io.spore.transport.security.CookieFile}) and the HMAC-SHA256
 * challenge–response that proves it without sending it ({@link io.spore.transport.security.Handshake}).
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.security;
