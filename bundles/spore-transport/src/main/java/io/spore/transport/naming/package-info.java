/**
 * How a node finds another from its name {@code name@host}: the per-host name service in the manner of Erlang's
 * epmd ({@link io.spore.transport.naming.NameServer}, kept and taken over by each node's
 * {@link io.spore.transport.naming.Registrar}), static routes ({@link io.spore.transport.naming.StaticRoutes}),
 * and the {@link io.spore.transport.naming.NodeResolver} that consults both.
 *
 * <p>The name service listens on loopback unless told otherwise, and trusts only the cookie: a client proves it
 * before any request, the server proves it back, and every answer carries a MAC, so a program that took the port
 * without the cookie is not believed. A name belongs to the Unix user whose node registered it. The line protocol,
 * for implementers in other languages, is described in {@code NameServiceProtocol}.
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.naming;
