package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.Pid;
import io.spore.api.SporeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreeterTest {
    private final FakeContext fake = new FakeContext();
    private final Greeter greeter = new Greeter();
    private final Pid other = new Pid(FakeContext.NODE, 9, 1);

    @Test
    void callIsAnsweredWithTheDefaultGreeting() {
        greeter.init(fake.context);
        assertEquals("hello, spore", greeter.handleCall(fake.context, null, "spore"));
    }

    @Test
    void theSpawnArgumentIsTheGreeting() {
        greeter.init(fake.context, "good morning");
        assertEquals("good morning, spore", greeter.handleCall(fake.context, null, "spore"));
    }

    @Test
    void aBlankOrNonStringGreetingFailsTheSpawn() {
        SporeException blank = assertThrows(SporeException.class, () -> greeter.init(fake.context, " "));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, blank.reason());
        SporeException number = assertThrows(SporeException.class, () -> new Greeter().init(fake.context, 42L));
        assertTrue(number.getMessage().contains("'42' (Long)"), number.getMessage());
    }

    @Test
    void severalArgumentsFailTheSpawn() {
        SporeException e = assertThrows(SporeException.class, () -> greeter.init(fake.context, "good", "morning"));
        assertEquals(SporeException.Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test
    void messageFromProcessGetsTheGreetingBack() {
        greeter.init(fake.context, "hi");
        greeter.handleMessage(fake.context, other, "bob");
        assertEquals(List.of(new FakeContext.Sent(other, "hi, bob")), fake.sent);
    }

    @Test
    void messageFromNodeIsLoggedNotSent() {
        greeter.init(fake.context);
        greeter.handleMessage(fake.context, FakeContext.NODE_IDENTITY, "bob");
        assertTrue(fake.sent.isEmpty());
        assertTrue(fake.logLines.get(0).startsWith("INFO greeter: hello, bob"), fake.logLines.get(0));
    }

    @Test
    void theFactoryMakesAFreshGreeterPerProcess() {
        GreeterFactory factory = new GreeterFactory();
        assertNotSame(factory.create(), factory.create());
    }
}
