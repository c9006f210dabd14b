package io.spore.distribution.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them on a command line: a number and a unit, {@code 500ms}, {@code 3s},
 * {@code 1.5s}, {@code 2m}, {@code 1h}. The result is whole milliseconds (what the transport is configured in) and
 * at least one; anything else is a usage error (one line, exit status 2).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ms|s|m|h)");
    private static final Map<String, Long> MILLIS_PER_UNIT =
        Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @param text a duration such as {@code 500ms} or {@code 3s}
     * @return the duration
     * @throws CommandLine.TypeConversionException saying what is wrong
     */
    static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: write a number and a"
                + " unit (ms, s, m or h) with no space, for example 500ms, 3s or 1.5s");
        }
        BigDecimal millis = new BigDecimal(matcher.group(1))
            .multiply(BigDecimal.valueOf(MILLIS_PER_UNIT.get(matcher.group(2))));
        if (millis.compareTo(BigDecimal.ONE) < 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too short: a duration here is at least"
                + " 1ms");
        }
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too long");
        }
        return Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** @return {@code duration} as the converter's input would write it, for messages: 500ms, 3s, 1500ms */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
