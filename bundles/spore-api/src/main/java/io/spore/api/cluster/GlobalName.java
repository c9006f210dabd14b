package io.spore.api.cluster;

/**
 * A name that means one process anywhere in the cluster (Erlang's {@code global:register_name}): 1 to 255 bytes of
 * UTF-8 with no control characters. Unlike a node-local {@link io.spore.api.Name}, any printable text is allowed.
 * Immutable; compares by value.
 *
 * @param value the name as text
 */
public record GlobalName(String value) implements Comparable<GlobalName> {
    /**
     * @param value the name as text
     * @throws io.spore.api.SporeException {@code INVALID_NAME} when it is empty, too long or holds a control
     *                                     character; the message quotes it
     */
    public GlobalName {
        ClusterNames.check("global name", value);
    }

    /**
     * @param value the name as text
     * @return the name
     * @throws io.spore.api.SporeException {@code INVALID_NAME} as the constructor
     */
    public static GlobalName of(String value) {
        return new GlobalName(value);
    }

    @Override
    public int compareTo(GlobalName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
