package io.spore.api;

import java.time.Duration;

/**
 * The message a process receives when nothing else arrived for the time it asked with
 * {@link ProcessContext#receiveTimeout(Duration)} (the {@code timeout} of Erlang's {@code gen_server}). Any other
 * message, call or signal that arrives first ends the wait, and this one is not delivered.
 *
 * @param after how long the process waited
 */
public record ReceiveTimeout(Duration after) {
}
