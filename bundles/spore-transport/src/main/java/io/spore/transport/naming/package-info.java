/**
 * How a node finds another from its name {@code name@host}: the per-host name service in the manner of Erlang's
 * epmd ({@link io.spore.transport.naming.NameServer}, kept and taken over by each node's
 * {@link io.spore.transport.naming.Registrar}), static routes ({@link io.spore.transport.naming.StaticRoutes}),
 * and the {@link io.spore.transport.naming.NodeResolver} that consults both.
 *
 * <h2>The name service protocol</h2>
 *
 * <p>TCP on a well-known port (default 4370), the same for every node of a cluster. Lines are US-ASCII and end
 * with {@code \n} (a {@code \r} before it is ignored); a request is at most 128 bytes. The server answers each
 * request with exactly one line, in order, and never speaks unasked.
 *
 * <pre>
 * request                  reply
 * REGISTER name port       OK | ERR code text     from this host only; holds while the connection stays open,
 *                                                 and the holder may send it again with a new port
 * UNREGISTER name          OK | ERR unknown text  only the connection that registered the name
 * LOOKUP name              PORT port | ERR unknown text
 * NAMES                    NAMES name=port ...    every registered name, sorted (none: just NAMES)
 * </pre>
 *
 * <p>A name is the part of a node name before {@code @}: 1 to 64 letters, digits, {@code _} or {@code -}; a port
 * is the node's UDP port, 1 to 65535. Error codes: {@code unknown} (no such name), {@code taken} (another live
 * connection holds the name), {@code malformed}, {@code forbidden} (registering from another host),
 * {@code limit} (a connection may hold at most 4 names),
 * {@code too-long} (the connection is then closed), {@code too-many-errors} (after 8 malformed or forbidden
 * requests; closed), {@code busy} (past 256 connections; closed at once).
 *
 * <p>Private to this bundle.
 */
package io.spore.transport.naming;
