/**
 * Helpers for the tests of every Spore module (and the benchmarks' waits): {@link io.spore.testsupport.Await}
 * polls a condition until a deadline, {@link io.spore.testsupport.FreePorts} finds ports nothing listens on,
 * {@link io.spore.testsupport.NamespacePair} makes two network "hosts" with {@code ip netns},
 * {@link io.spore.testsupport.AnotherUser} runs a command as user {@code nobody} from a copy that user can read,
 * and {@link io.spore.testsupport.TcpRelay} sits in a TCP path to record (or change) what crosses it.
 *
 * <p>Failures are {@link java.lang.AssertionError}s, which every test framework reports as failed assertions, so
 * this jar depends on none.
 */
package io.spore.testsupport;
