package io.spore.api;

import java.util.Objects;

/**
 * A validated name of a registered process or of a process factory (an Erlang atom, an Ergo {@code gen.Atom}).
 *
 * <p>A name is 1 to 255 characters of ASCII letters, digits and {@code _ - . / :}, and starts with a letter,
 * a digit or {@code _}. Names compare by value, so two {@code Name.of("echo")} are equal and either can be used
 * as a key. Immutable and safe to share between threads.
 *
 * @param value the name as text
 */
public record Name(String value) implements Comparable<Name> {
    /** Longest name accepted, in characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * Validates {@code value}.
     *
     * @param value the name as text
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when {@code value} breaks the
     *                        rules above; the message quotes it
     */
    public Name {
        String problem = problem(value);
        if (problem != null) {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid name " + quote(value) + ": " + problem);
        }
    }

    /**
     * Validates and wraps {@code value}.
     *
     * @param value the name as text
     * @return the name
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when it is not a valid name
     */
    public static Name of(String value) {
        return new Name(value);
    }

    /**
     * @param value a candidate name
     * @return whether {@link #of(String)} would accept it
     */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /**
     * @param value a candidate name, possibly {@code null}
     * @return what breaks the rules, for an error message, or {@code null} when it is a valid name
     */
    static String problem(String value) {
        if (value == null) {
            return "a name is required";
        }
        if (value.isEmpty()) {
            return "a name cannot be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        char first = value.charAt(0);
        if (!(isAsciiLetterOrDigit(first) || first == '_')) {
            return "must start with a letter, a digit or '_'";
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':')) {
                return "character '" + c + "' at " + i + " is not allowed (use letters, digits and _ - . / :)";
            }
        }
        return null;
    }

    /**
     * @param c a character
     * @return whether it is an ASCII letter or digit (the JDK's {@code isLetterOrDigit} admits all of Unicode)
     */
    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * @param value a text for an error message, possibly {@code null}
     * @return the text in single quotes, or the word {@code null}
     */
    static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    @Override
    public int compareTo(Name other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && value.equals(n.value);
    }
}
