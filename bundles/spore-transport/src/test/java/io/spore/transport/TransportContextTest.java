package io.spore.transport;

import io.aeron.driver.ThreadingMode;
import io.spore.api.NodeName;
import io.spore.api.SporeException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportContextTest {
    private static TransportContext named(String node) {
        return new TransportContext().nodeName(NodeName.parse(node));
    }

    @Test
    void defaultsSuitASmallMachine() {
        TransportContext context = named("a@localhost").conclude();
        assertEquals(ThreadingMode.SHARED, context.threadingMode());
        assertInstanceOf(BackoffIdleStrategy.class, context.idleStrategy().get());
        assertEquals(Duration.ofMillis(300), context.heartbeatInterval());
        assertEquals(Duration.ofSeconds(3), context.detectionTimeout());
        assertEquals(1024 * 1024, context.maxMessageSize());
        assertEquals(512 * 1024, context.termBufferLength(), "small terms: longer frames go in chunks");
        assertEquals(TransportContext.EPHEMERAL_PORT, context.port());
        assertEquals(4370, context.nameServicePort());
        assertEquals("127.0.0.1", context.nameServiceBindAddress(), "the name service is for this host only");
        assertNull(context.aeronDir(), "embedded driver by default");
        assertNull(context.cookieFile(), "the default cookie file, resolved when the transport starts");
        assertTrue(context.controlStreamId() != context.dataStreamId());
        assertEquals(Duration.ofSeconds(1), context.backPressureTimeout());
        assertEquals(4 * 1024 * 1024, context.pendingLimitBytes());
        assertEquals(64 * 1024, context.largeMessageThreshold(), "larger frames take a stream of their own");
        assertEquals(Duration.ofSeconds(10), context.largeStreamIdle());
        assertEquals(3, java.util.Set.of(context.controlStreamId(), context.dataStreamId(), context.largeStreamId())
            .size());
        assertNotNull(context.typeRegistry());
        assertEquals(2 * (16 * 1024 * 1024 - 4096 + 4096), named("a@localhost").maxMessageSize(16 * 1024 * 1024 - 4096)
            .conclude().pendingLimitBytes(), "the queue holds two of the largest frames at least");
        assertEquals(Integer.MAX_VALUE, named("a@localhost").maxMessageSize(TransportContext.MAX_MAX_MESSAGE_SIZE)
            .conclude().pendingLimitBytes(), "two of the largest frames overflow an int: the queue's bound saturates");
    }

    /** Chunking carries any length, so the largest message is no longer bound to what Aeron carries in one. */
    @Test
    void theLargestMessageMayReachAGibibyte() {
        assertEquals(256 * 1024 * 1024, named("a@localhost").maxMessageSize(256 * 1024 * 1024).conclude()
            .maxMessageSize());
        assertEquals(TransportContext.MAX_MAX_MESSAGE_SIZE + TransportContext.FRAME_HEADROOM,
            named("a@localhost").maxMessageSize(TransportContext.MAX_MAX_MESSAGE_SIZE).conclude().maxFrameLength());
    }

    @Test
    void aLoopbackNodeBindsLoopbackAndOthersEveryInterface() {
        assertEquals("127.0.0.1", named("a@localhost").conclude().bindAddress());
        assertEquals("127.0.0.1", named("a@127.0.0.1").conclude().bindAddress());
        assertEquals("0.0.0.0", named("a@alpha.example.org").conclude().bindAddress());
        assertEquals("10.1.2.3", named("a@alpha").bindAddress("10.1.2.3").conclude().bindAddress());
    }

    @Test
    void theTermNoLongerFollowsTheLargestMessage() {
        assertEquals(512 * 1024, named("a@localhost").maxMessageSize(1000).conclude().termBufferLength());
        assertEquals(512 * 1024, named("a@localhost").maxMessageSize(16 * 1024 * 1024 - 4096).conclude()
            .termBufferLength(), "the largest message goes in chunks");
        assertEquals(4 * 1024 * 1024, named("a@localhost").termBufferLength(4 * 1024 * 1024).conclude()
            .termBufferLength(), "raised for a long fat link");
        assertEquals(256 * 1024, named("a@localhost").termBufferLength(256 * 1024).conclude().termBufferLength(),
            "lowered to the shortest");
    }

    @Test
    void invalidSettingsAreNamed() {
        assertInvalid("nodeName", new TransportContext());
        assertInvalid("detectionTimeout", named("a@localhost").heartbeatInterval(Duration.ofSeconds(2)));
        assertInvalid("must differ", named("a@localhost").controlStreamId(7).dataStreamId(7));
        assertInvalid("must differ", named("a@localhost").largeStreamId(TransportContext.DEFAULT_DATA_STREAM_ID));
        assertInvalid("largeMessageThreshold", named("a@localhost").largeMessageThreshold(0));
        assertInvalid("largeStreamIdle", named("a@localhost").largeStreamIdle(Duration.ZERO));
        assertInvalid("port", named("a@localhost").port(70000));
        assertInvalid("maxMessageSize", named("a@localhost").maxMessageSize(TransportContext.MAX_MAX_MESSAGE_SIZE + 1));
        assertInvalid("maxMessageSize", named("a@localhost").maxMessageSize(0));
        assertInvalid("termBufferLength", named("a@localhost").termBufferLength(128 * 1024));
        assertInvalid("termBufferLength", named("a@localhost").termBufferLength(300_000));
        assertInvalid("nameServicePort", named("a@localhost").nameServicePort(0));
        assertInvalid("heartbeatInterval", named("a@localhost").heartbeatInterval(Duration.ZERO));
        assertInvalid("backPressureTimeout", named("a@localhost").backPressureTimeout(Duration.ofMillis(-1)));
        assertInvalid("pendingLimitBytes", named("a@localhost").maxMessageSize(64 * 1024).pendingLimitBytes(1000));
    }

    @Test
    void aConcludedContextNoLongerChanges() {
        TransportContext context = named("a@localhost").conclude();
        assertThrows(IllegalStateException.class, () -> context.port(1234));
        assertThrows(IllegalStateException.class, () -> context.aeronDir(Path.of("/tmp")));
    }

    private static void assertInvalid(String named, TransportContext context) {
        SporeException e = assertThrows(SporeException.class, context::conclude);
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
