package io.spore.api;

/**
 * The validated name of a node, {@code name@host}, as in Erlang ({@code demo@localhost}).
 *
 * <p>The part before {@code @} is 1 to 64 letters, digits, {@code _} or {@code -}; the host is a host name or an
 * IPv4 address (letters, digits, {@code -} and {@code .}, at most 253 characters). Immutable and safe to share.
 *
 * @param name the node's own name, before the {@code @}
 * @param host the host it runs on, after the {@code @}
 */
public record NodeName(String name, String host) implements Comparable<NodeName> {

    /**
     * Validates both parts.
     *
     * @param name the node's own name, before the {@code @}
     * @param host the host it runs on, after the {@code @}
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when either part is invalid
     */
    public NodeName {
        String problem = problem(name, host);
        if (problem != null) {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid node name " + Name.quote(name + "@" + host) + ": " + problem);
        }
    }

    /**
     * Parses {@code name@host}.
     *
     * @param text the node name as text
     * @return the node name
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when the text is not of the
     *                        form {@code name@host} with valid parts
     */
    public static NodeName parse(String text) {
        if (text == null) {
            throw new SporeException(SporeException.Reason.INVALID_NAME, "invalid node name null: expected name@host");
        }
        int at = text.indexOf('@');
        if (at < 0 || text.indexOf('@', at + 1) >= 0) {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid node name " + Name.quote(text) + ": expected name@host, for example demo@localhost");
        }
        return new NodeName(text.substring(0, at), text.substring(at + 1));
    }

    /**
     * @param name the part before the {@code @}, possibly {@code null}
     * @param host the part after it, possibly {@code null}
     * @return what breaks the rules, for an error message, or {@code null} when both parts are valid
     */
    private static String problem(String name, String host) {
        if (name == null || name.isEmpty()) {
            return "the part before '@' is empty";
        }
        if (name.length() > 64) {
            return "the part before '@' is longer than 64 characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Name.isAsciiLetterOrDigit(c) || c == '_' || c == '-')) {
                return "character '" + c + "' is not allowed before '@' (use letters, digits, _ and -)";
            }
        }
        if (host == null || host.isEmpty()) {
            return "the host after '@' is empty";
        }
        if (host.length() > 253) {
            return "the host is longer than 253 characters";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Name.isAsciiLetterOrDigit(c) || c == '-' || c == '.')) {
                return "character '" + c + "' is not allowed in a host name";
            }
        }
        if (host.startsWith(".") || host.endsWith(".") || host.contains("..")) {
            return "the host has an empty label";
        }
        return null;
    }

    /**
     * Equal when both parts are equal. Checked on every send (is the target local?) and every peer lookup, so it
     * tries identity first: the transport and the node hand the same instance around.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NodeName other && name.equals(other.name) && host.equals(other.host));
    }

    /** Both strings cache their own hash, so this costs two field reads and a multiply. */
    @Override
    public int hashCode() {
        return 31 * name.hashCode() + host.hashCode();
    }

    @Override
    public int compareTo(NodeName other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return name + "@" + host;
    }
}
