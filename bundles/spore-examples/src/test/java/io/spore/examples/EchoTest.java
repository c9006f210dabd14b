package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.Pid;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoTest {
    private final FakeContext fake = new FakeContext();
    private final Echo echo = new Echo();
    private final Pid other = new Pid(FakeContext.NODE, 9, 1);

    @Test
    void callIsAnsweredWithTheRequest() {
        assertEquals("ping", echo.handleCall(fake.context, null, "ping"));
    }

    @Test
    void listStartingWithPidSendsTheSingleRestElementThere() {
        echo.handleMessage(fake.context, FakeContext.NODE_IDENTITY, List.of(other, "hello"));
        assertEquals(List.of(new FakeContext.Sent(other, "hello")), fake.sent);
    }

    @Test
    void listStartingWithPidSendsTheRestAsListWhenSeveralRemain() {
        echo.handleMessage(fake.context, FakeContext.NODE_IDENTITY, List.of(other, 1L, 2L));
        assertEquals(List.of(new FakeContext.Sent(other, List.of(1L, 2L))), fake.sent);
    }

    @Test
    void messageFromProcessGoesBack() {
        echo.handleMessage(fake.context, other, "hi");
        assertEquals(List.of(new FakeContext.Sent(other, "hi")), fake.sent);
    }

    @Test
    void messageFromNodeIsLoggedNotSent() {
        echo.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "hi");
        assertTrue(fake.sent.isEmpty());
        assertEquals(1, fake.logLines.size());
        assertTrue(fake.logLines.get(0).startsWith("INFO echo: hi"), fake.logLines.get(0));
    }
}
