package io.spore.distribution.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationConverterTest {
    @Test
    void readsANumberAndAUnit() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(3), DurationConverter.parse("3s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
    }

    @Test
    void refusesWhatIsNotADurationSayingHowToWriteOne() {
        for (String bad : new String[] {"", "3", "s", "3x", "-1s", "3 s", "1e3ms", "PT3S"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> DurationConverter.parse(bad), bad);
            assertTrue(e.getMessage().contains("500ms"), e.getMessage());
        }
    }

    @Test
    void refusesLessThanAMillisecond() {
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("0ms"));
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("0.0001s"));
    }

    @Test
    void formatsAsItReads() {
        assertEquals("3s", DurationConverter.format(Duration.ofSeconds(3)));
        assertEquals("250ms", DurationConverter.format(Duration.ofMillis(250)));
        Duration oneAndAHalf = Duration.ofMillis(1500);
        assertEquals(oneAndAHalf, DurationConverter.parse(DurationConverter.format(oneAndAHalf)));
    }
}
