package io.spore.core.application;

import io.spore.api.Name;
import io.spore.core.spi.StartType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manifest header by which a bundle declares the application it is, in the OSGi header syntax:
 *
 * <pre>
 * Spore-Application: shop; supervisor=com.example.shop.ShopSupervisor; start-type=permanent;
 *   env=shop.properties; env.currency=EUR
 * </pre>
 *
 * <p>The first clause is the application's name, by {@link Name} rules; every process of its tree carries it. Then
 * attributes, separated by {@code ;}, each {@code key=value} (a value may be in double quotes, to hold a {@code ;}):
 * <ul>
 *   <li>{@code supervisor} (required): the binary name of a class of the bundle with a public no-argument constructor
 *       that implements {@code java.util.function.Supplier<io.spore.api.supervisor.SupervisorSpec>}: the root
 *       supervisor's spec;</li>
 *   <li>{@code start-type}: {@code permanent}, {@code transient} or {@code temporary} (the default), see
 *       {@link StartType};</li>
 *   <li>{@code env}: a properties resource in the bundle whose entries become the application's environment;</li>
 *   <li>{@code env.KEY}: one environment entry, which wins over the resource's.</li>
 * </ul>
 * One application per bundle. A header that breaks these rules is refused whole, with one line saying what to fix.
 *
 * <p>Threading: stateless.
 */
public final class ApplicationHeader {
    /** The manifest header's name. */
    public static final String NAME = "Spore-Application";

    /** The attribute that names the root supervisor's spec supplier. */
    static final String SUPERVISOR = "supervisor";
    /** The attribute that gives the start type. */
    static final String START_TYPE = "start-type";
    /** The attribute that names the environment's properties resource. */
    static final String ENV = "env";
    /** The prefix of one inline environment entry. */
    static final String ENV_PREFIX = "env.";

    /**
     * What a well-formed header declares.
     *
     * @param name            the application's name
     * @param supervisorClass the binary name of the spec supplier's class
     * @param startType       the start type
     * @param envResource     the properties resource in the bundle, or {@code null}
     * @param env             the inline environment entries, in header order, unmodifiable
     */
    public record Declaration(String name, String supervisorClass, StartType startType, String envResource,
                              Map<String, String> env) {
    }

    /** A header that breaks the rules; the message says what to fix, in one line. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private ApplicationHeader() {
    }

    /**
     * @param value the header's value
     * @return what it declares
     * @throws Malformed saying what to fix
     */
    public static Declaration parse(String value) {
        List<String> clauses = split(value == null ? "" : value);
        String name = clauses.isEmpty() ? "" : clauses.get(0);
        if (name.isEmpty()) {
            throw new Malformed("the header has no application name: write it as NAME; supervisor=CLASS");
        }
        if (name.contains(",")) {
            throw new Malformed("'" + name + "' declares more than one application: a bundle is one application");
        }
        if (name.contains("=")) {
            throw new Malformed("the header starts with '" + name + "', an attribute: put the application's name"
                + " first, as NAME; supervisor=CLASS");
        }
        if (!Name.isValid(name)) {
            throw new Malformed("'" + name + "' is not a valid application name (use 1 to 255 letters, digits and"
                + " _ - . / :, starting with a letter, a digit or _)");
        }
        String supervisor = null;
        StartType startType = StartType.TEMPORARY;
        String envResource = null;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (String clause : clauses.subList(1, clauses.size())) {
            int eq = clause.indexOf('=');
            if (eq <= 0) {
                throw new Malformed("'" + clause + "' is not an attribute: write key=value");
            }
            String key = clause.substring(0, eq).strip();
            String attribute = unquote(clause.substring(eq + 1).strip());
            if (seen.contains(key)) {
                throw new Malformed("the attribute '" + key + "' is given twice: keep one");
            }
            seen.add(key);
            if (key.equals(SUPERVISOR)) {
                if (!isBinaryClassName(attribute)) {
                    throw new Malformed("supervisor='" + attribute + "' is not a fully qualified class name");
                }
                supervisor = attribute;
            } else if (key.equals(START_TYPE)) {
                startType = startType(attribute);
            } else if (key.equals(ENV)) {
                if (attribute.isEmpty()) {
                    throw new Malformed("env= names no resource: give the path of a properties file in the bundle");
                }
                envResource = attribute;
            } else if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length()) {
                env.put(key.substring(ENV_PREFIX.length()), attribute);
            } else {
                throw new Malformed("unknown attribute '" + key + "': use supervisor, start-type, env or env.KEY");
            }
        }
        if (supervisor == null) {
            throw new Malformed("application '" + name + "' names no root supervisor: add supervisor=CLASS, a class"
                + " implementing Supplier<SupervisorSpec>");
        }
        return new Declaration(name, supervisor, startType, envResource, Collections.unmodifiableMap(env));
    }

    private static StartType startType(String value) {
        for (StartType type : StartType.values()) {
            if (type.headerValue().equals(value.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new Malformed("start-type='" + value + "' is not one of permanent, transient, temporary");
    }

    /** Splits on the {@code ;} outside double quotes, stripping each clause; empty clauses are dropped. */
    private static List<String> split(String value) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                add(clauses, current);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new Malformed("a double quote is not closed: close it, or remove it");
        }
        add(clauses, current);
        return clauses;
    }

    private static void add(List<String> clauses, StringBuilder current) {
        String clause = current.toString().strip();
        if (!clause.isEmpty() || clauses.isEmpty()) {
            clauses.add(clause);
        }
        current.setLength(0);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
    }

    private static boolean isBinaryClassName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
                return false;
            }
            for (int i = 1; i < part.length(); i++) {
                if (!Character.isJavaIdentifierPart(part.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }
}
