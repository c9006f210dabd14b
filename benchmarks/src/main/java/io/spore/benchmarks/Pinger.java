package io.spore.benchmarks;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.IntSupplier;

/**
 * Side A of a bare Aeron ping-pong: offers a ping and waits for its echo, counting whole echoes (a long ping comes
 * back in several fragments). The bare Aeron benchmarks' round trip, in one place.
 *
 * <p>Not thread-safe: the benchmark thread's.
 */
final class Pinger {
    private static final int FRAGMENT_LIMIT = 16;

    private final Publication pings;
    private final Subscription pongs;
    /** Runs side A's driver while waiting: all that sends and receives in {@code INVOKER} mode; 0 otherwise. */
    private final IntSupplier driver;
    private long received;
    private final FragmentHandler onPong = new FragmentAssembler((buffer, offset, length, header) -> received++);

    Pinger(Publication pings, Subscription pongs, IntSupplier driver) {
        this.pings = pings;
        this.pongs = pongs;
        this.driver = driver;
    }

    /** One ping and its echo, busy-spinning while it waits, as Aeron's own ping-pong sample. @return echoes so far */
    long spinning(DirectBuffer message) {
        BareAeronBaselineBenchmark.offer(pings, message, driver);
        long expected = received + 1;
        while (received < expected) {
            if (driver.getAsInt() + pongs.poll(onPong, FRAGMENT_LIMIT) == 0) {
                Thread.onSpinWait();
            }
        }
        return received;
    }

    /** One ping and its echo, waiting with {@code idle}, as a transport agent would. @return echoes so far */
    long idling(DirectBuffer message, IdleStrategy idle) {
        BareAeronBaselineBenchmark.offer(pings, message, driver);
        long expected = received + 1;
        idle.reset();
        while (received < expected) {
            idle.idle(driver.getAsInt() + pongs.poll(onPong, FRAGMENT_LIMIT));
        }
        return received;
    }
}
