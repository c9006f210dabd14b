package io.spore.shell;

/**
 * Turns the words typed after {@code spore:spawn FACTORY} into spawn arguments. A shell has only text, but
 * factories such as {@code counter} want numbers, so: a word that is a whole number fitting a long becomes a
 * {@link Long}, {@code true} and {@code false} (lower case) become {@link Boolean}, and every other word stays a
 * {@link String}. Decimals stay Strings, since a factory that wants one can parse it without losing precision.
 */
final class ShellValues {
    private ShellValues() {
    }

    static Object[] values(String[] words) {
        Object[] values = new Object[words.length];
        for (int i = 0; i < words.length; i++) {
            values[i] = value(words[i]);
        }
        return values;
    }

    static Object value(String word) {
        if ("true".equals(word) || "false".equals(word)) {
            return Boolean.valueOf(word);
        }
        if (looksWhole(word)) {
            try {
                return Long.valueOf(word);
            } catch (NumberFormatException tooBig) {
                return word;
            }
        }
        return word;
    }

    // Long.valueOf alone would also take "+5"; only plain digits with an optional minus count as a number here.
    private static boolean looksWhole(String word) {
        int start = word.startsWith("-") ? 1 : 0;
        if (word.length() == start) {
            return false;
        }
        for (int i = start; i < word.length(); i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
