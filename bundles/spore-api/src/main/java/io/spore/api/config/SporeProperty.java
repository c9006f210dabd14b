package io.spore.api.config;

import io.spore.api.SporeException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of a node: its name, what it means, its default, and the one reader that turns its text into a value.
 * A property that is absent or blank has its default; one that cannot be read is refused with a
 * {@link SporeException} of reason {@code INVALID_ARGUMENT} whose one-line message begins with the property's name
 * and says what it should be. The instances are the constants of {@link SporeProperties}.
 *
 * <p>Threading: immutable.
 *
 * @param <T> the type of the value
 */
public final class SporeProperty<T> {
    /** What a property's text is, for tools that describe the settings (Config Admin's Metatype, say). */
    public enum Kind {
        /** A whole number from {@link #min()} to {@link #max()}. */
        INTEGER,
        /** {@code true} or {@code false}. */
        FLAG,
        /** Any text. */
        TEXT,
        /** A file or folder. */
        PATH,
        /** A duration in whole milliseconds from {@link #min()} to {@link #max()}. */
        MILLIS
    }

    private final String name;
    private final String meaning;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Kind kind;
    private final long min;
    private final long max;

    private SporeProperty(String name, String meaning, T defaultValue, Function<String, T> parser, Kind kind,
                          long min, long max) {
        this.name = Objects.requireNonNull(name, "name");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
        this.defaultValue = defaultValue;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.min = min;
        this.max = max;
    }

    /**
     * A whole number from {@code min} to {@code max}.
     *
     * @param name         the property's name
     * @param meaning      what it sets, for documentation
     * @param defaultValue its value when absent, or {@code null} for "the reader decides"
     * @param min          the smallest value accepted
     * @param max          the largest value accepted
     * @return the property
     */
    static SporeProperty<Integer> integer(String name, String meaning, Integer defaultValue, int min, int max) {
        return new SporeProperty<>(name, meaning, defaultValue, text -> {
            try {
                long number = Long.parseLong(text);
                if (number >= min && number <= max) {
                    return (int) number;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
            throw invalid(name, "'" + text + "' is not a whole number from " + min + " to " + max);
        }, Kind.INTEGER, min, max);
    }

    /** {@code true} or {@code false}, in any case. */
    static SporeProperty<Boolean> flag(String name, String meaning, boolean defaultValue) {
        return new SporeProperty<>(name, meaning, defaultValue, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(name, "'" + text + "' is neither true nor false");
        }, Kind.FLAG, 0, 0);
    }

    /** Text taken as it is, trimmed. */
    static SporeProperty<String> text(String name, String meaning, String defaultValue) {
        return new SporeProperty<>(name, meaning, defaultValue, text -> text, Kind.TEXT, 0, 0);
    }

    /** A file or folder; a leading {@code ~} is the user's home, as in a shell. */
    static SporeProperty<Path> path(String name, String meaning) {
        return new SporeProperty<>(name, meaning, null, text -> {
            String expanded = text.equals("~") || text.startsWith("~/")
                ? System.getProperty("user.home") + text.substring(1) : text;
            try {
                return Path.of(expanded);
            } catch (InvalidPathException e) {
                throw invalid(name, "'" + text + "' is not a path: " + e.getReason());
            }
        }, Kind.PATH, 0, 0);
    }

    /** A duration written in whole milliseconds (the name ends in {@code .ms}), at least one. */
    static SporeProperty<Duration> millis(String name, String meaning, Duration defaultValue) {
        SporeProperty<Integer> count = integer(name, meaning, null, 1, Integer.MAX_VALUE);
        return new SporeProperty<>(name, meaning, defaultValue, text -> Duration.ofMillis(count.parser.apply(text)),
            Kind.MILLIS, count.min, count.max);
    }

    /** @return the property's name, as a framework property or a system property */
    public String name() {
        return name;
    }

    /** @return what it sets, in a sentence, with what its absence means */
    public String meaning() {
        return meaning;
    }

    /** @return its value when it is absent, or {@code null} when the absence is itself a choice (see the meaning) */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * @return the default as the text the reader takes ({@code 300} for 300 milliseconds), or {@code null} when
     *         there is none
     */
    public String defaultText() {
        if (defaultValue == null) {
            return null;
        }
        return defaultValue instanceof Duration duration ? Long.toString(duration.toMillis()) : defaultValue.toString();
    }

    /** @return what its text is */
    public Kind kind() {
        return kind;
    }

    /** @return the smallest value accepted, for {@link Kind#INTEGER} and {@link Kind#MILLIS}; 0 for the others */
    public long min() {
        return min;
    }

    /** @return the largest value accepted, for {@link Kind#INTEGER} and {@link Kind#MILLIS}; 0 for the others */
    public long max() {
        return max;
    }

    /**
     * @param source where the node's settings come from
     * @return whether the property is given a value (blank counts as absent)
     */
    public boolean isSet(PropertySource source) {
        return textIn(source) != null;
    }

    /**
     * @param source where the node's settings come from
     * @return the value, or the {@linkplain #defaultValue() default} when the property is absent or blank
     * @throws SporeException {@code INVALID_ARGUMENT}, naming the property, when its text cannot be read
     */
    public T read(PropertySource source) {
        String text = textIn(source);
        return text == null ? defaultValue : parser.apply(text);
    }

    /**
     * @param source    where the node's settings come from
     * @param otherwise the value when the property is absent or blank
     * @return the value
     * @throws SporeException as {@link #read(PropertySource)}
     */
    public T read(PropertySource source, T otherwise) {
        String text = textIn(source);
        return text == null ? otherwise : parser.apply(text);
    }

    /**
     * The error of a value that reads but is wrong with others (a timeout shorter than its heartbeat, a missing
     * file), in the same style as a value that cannot be read.
     *
     * @param problem what is wrong and what to do, one line
     * @return the exception, to throw
     */
    public SporeException invalid(String problem) {
        return invalid(name, problem);
    }

    /** @return the property's name */
    @Override
    public String toString() {
        return name;
    }

    private String textIn(PropertySource source) {
        String text = source.get(name);
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static SporeException invalid(String name, String problem) {
        return new SporeException(SporeException.Reason.INVALID_ARGUMENT, name + ": " + problem);
    }
}
