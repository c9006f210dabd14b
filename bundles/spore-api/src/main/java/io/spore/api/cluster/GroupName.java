package io.spore.api.cluster;

/**
 * A process group's name (Erlang's {@code pg} group): 1 to 255 bytes of UTF-8 with no control characters. A group
 * has any number of processes on any number of nodes, and a process may be in many groups. Immutable; compares by
 * value.
 *
 * @param value the name as text
 */
public record GroupName(String value) implements Comparable<GroupName> {
    /**
     * @param value the name as text
     * @throws io.spore.api.SporeException {@code INVALID_NAME} when it is empty, too long or holds a control
     *                                     character; the message quotes it
     */
    public GroupName {
        ClusterNames.check("group name", value);
    }

    /**
     * @param value the name as text
     * @return the name
     * @throws io.spore.api.SporeException {@code INVALID_NAME} as the constructor
     */
    public static GroupName of(String value) {
        return new GroupName(value);
    }

    @Override
    public int compareTo(GroupName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
