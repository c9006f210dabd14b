package io.spore.launcher;

/**
 * A subscriber the launcher notifies of program ends.
 *
 * @param address   where the subscriber listens, {@code host:port}
 * @param filter    the label glob ({@code *}, {@code ?}, {@code [...]}), or {@code null} for every label
 * @param delivered notifications it acknowledged so far
 * @param pending   notifications waiting for it (while it is unreachable)
 * @param connected whether the launcher is connected to it now
 */
public record Subscription(String address, String filter, long delivered, int pending, boolean connected) {
}
