package io.spore.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {
    @Test
    void parsesTheForms() {
        assertEquals(new HostPort("127.0.0.1", 9001), HostPort.parse("127.0.0.1:9001"));
        assertEquals(new HostPort("", 9001), HostPort.parse(":9001"));
        assertEquals(new HostPort("::1", 80), HostPort.parse("[::1]:80"));
        assertEquals("[::1]:80", HostPort.parse("[::1]:80").toString());
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        assertThrows(LaunchException.class, () -> HostPort.parse("nocolon"));
        assertThrows(LaunchException.class, () -> HostPort.parse("h:port"));
        assertThrows(LaunchException.class, () -> HostPort.parse("h:70000"));
    }
}
