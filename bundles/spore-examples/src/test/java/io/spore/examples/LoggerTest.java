package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoggerTest {
    private final FakeContext fake = new FakeContext();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    @Test
    void printsMessagesAndCallsAsOneLineEach() {
        Logger logger = new Logger();
        logger.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "Log Message!");
        Object reply = logger.handleCall(fake.context, null, "called");

        assertEquals("logged", reply);
        String self = FakeContext.SELF.toString();
        assertEquals("[logger " + self + "] Log Message!" + System.lineSeparator()
            + "[logger " + self + "] called" + System.lineSeparator(), captured.toString(StandardCharsets.UTF_8));
    }
}
