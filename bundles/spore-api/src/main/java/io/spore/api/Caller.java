package io.spore.api;

/**
 * Who is waiting for the answer to a call: pass it to {@link ProcessContext#reply(Caller, Object)} to answer
 * later. Answering twice, or after the caller's timeout, is harmless: the late reply is dropped.
 *
 * @param from the calling process, or a node's identity for calls from outside a process
 * @param ref  the reference that pairs the reply with the request
 */
public record Caller(Pid from, Ref ref) {
}
