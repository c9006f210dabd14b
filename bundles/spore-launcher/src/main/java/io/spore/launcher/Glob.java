package io.spore.launcher;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A shell-style label pattern, as {@code subscribe -f 'o*'} takes: {@code *} is any run of characters (slashes
 * too, since labels are paths such as {@code github.com/relab/goxos/kvs/kvsd}), {@code ?} one character,
 * {@code [abc]} and {@code [a-z]} one of a set ({@code [!a]} or {@code [^a]} none of it); {@code \} quotes the next
 * character. Immutable.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * @param glob the pattern; {@code null} or empty matches every label
     * @return the compiled pattern
     * @throws LaunchException when a bracket is not closed
     */
    public static Glob of(String glob) {
        if (glob == null || glob.isEmpty()) {
            return new Glob("*", Pattern.compile(".*", Pattern.DOTALL));
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append("\\\\");
                    }
                }
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new LaunchException("invalid filter '" + glob + "': '[' at " + i + " is not closed by ']'");
                    }
                    String set = glob.substring(i + 1, close);
                    regex.append('[');
                    if (set.startsWith("!") || set.startsWith("^")) {
                        regex.append('^');
                        set = set.substring(1);
                    }
                    regex.append(set.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&"));
                    regex.append(']');
                    i = close;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new LaunchException("invalid filter '" + glob + "': " + e.getDescription());
        }
    }

    /** @return whether the whole label matches */
    public boolean matches(String label) {
        return pattern.matcher(label).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
