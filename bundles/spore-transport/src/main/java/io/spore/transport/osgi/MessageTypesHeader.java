package io.spore.transport.osgi;

import io.spore.api.Name;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The manifest header by which a bundle declares the records and enums its messages carry to other nodes, in the
 * manner of Declarative Services' {@code Service-Component}:
 *
 * <pre>
 * Spore-Message-Types: shop.order=com.example.shop.Order, shop.status=com.example.shop.Status
 * </pre>
 *
 * <p>The value is a comma-separated list of {@code wire.name=fully.qualified.ClassName} entries. The wire name is
 * the name the type travels under, by {@link Name} rules (1 to 255 ASCII letters, digits and {@code _ - . / :},
 * starting with a letter, a digit or {@code _}); every node that sends or receives the type must declare the same
 * wire name for it. The class name is the binary name the bundle's class loader finds ({@code Outer$Inner} for a
 * nested type), of a record or an enum the bundle contains or imports. Spaces around entries, names and the
 * {@code =} are ignored, and so is an empty entry (a trailing comma). A malformed entry, or a second entry for a
 * wire name, is skipped with a problem naming it; the others still count.
 *
 * <p>Threading: stateless.
 */
public final class MessageTypesHeader {
    /** The manifest header's name. */
    public static final String NAME = "Spore-Message-Types";

    /**
     * One declared type.
     *
     * @param wireName  the name it travels under, a valid {@link Name}
     * @param className the binary name of its class, for {@code Bundle.loadClass}
     */
    public record Entry(String wireName, String className) {
        @Override
        public String toString() {
            return wireName + "=" + className;
        }
    }

    /**
     * What a header declares.
     *
     * @param entries  the well-formed entries, in header order, at most one per wire name
     * @param problems one line per entry skipped, quoting it and saying what is wrong with it
     */
    public record Parsed(List<Entry> entries, List<String> problems) {
        /** Copies both lists. */
        public Parsed {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }
    }

    private MessageTypesHeader() {
    }

    /**
     * @param value the header's value; {@code null} or blank declares nothing
     * @return the entries and the problems, never {@code null}
     */
    public static Parsed parse(String value) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (value == null) {
            return new Parsed(entries, problems);
        }
        Set<String> wireNames = new HashSet<>();
        for (String raw : value.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                problems.add("'" + entry + "' has no '=': write it as wire.name=fully.qualified.ClassName");
                continue;
            }
            String wireName = entry.substring(0, eq).strip();
            String className = entry.substring(eq + 1).strip();
            if (!Name.isValid(wireName)) {
                String reason = wireName.isEmpty() ? "the wire name is empty" : "'" + wireName + "' is not a valid"
                    + " wire name (use 1 to 255 letters, digits and _ - . / :, starting with a letter, a digit or _)";
                problems.add("'" + entry + "': " + reason);
                continue;
            }
            if (!isBinaryClassName(className)) {
                problems.add("'" + entry + "': '" + className + "' is not a fully qualified class name");
                continue;
            }
            if (!wireNames.add(wireName)) {
                problems.add("'" + entry + "': the wire name '" + wireName + "' is declared already in this header;"
                    + " give each type its own name");
                continue;
            }
            entries.add(new Entry(wireName, className));
        }
        return new Parsed(entries, problems);
    }

    private static boolean isBinaryClassName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
                return false;
            }
            for (int i = Character.charCount(part.codePointAt(0)); i < part.length(); ) {
                int c = part.codePointAt(i);
                if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
                    return false;
                }
                i += Character.charCount(c);
            }
        }
        return true;
    }
}
