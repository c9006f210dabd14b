package io.spore.api;

/**
 * The identifier of a process: the node it lives on, a number unique on that node, and the node's creation.
 *
 * <p>The creation is a number the node picks anew at each start, so a pid of an earlier incarnation of a node
 * never addresses a process of a later one (Erlang's creation). Id {@code 0} is the node's own virtual identity:
 * the parent of processes spawned from outside any process. Pids are values: they compare by content, travel
 * inside messages, and can be printed and parsed again ({@code <demo@localhost.42.1>}). Immutable and safe to
 * share between threads.
 *
 * @param node     the node the process lives on
 * @param id       the process number on that node, {@code 0} for the node itself
 * @param creation the incarnation of the node that created it
 */
public record Pid(NodeName node, long id, int creation) {

    /** Id of a node's virtual identity. */
    public static final long NODE_ID = 0;

    /**
     * Checks the parts.
     *
     * @param node     the node the process lives on
     * @param id       the process number on that node, {@code 0} for the node itself
     * @param creation the incarnation of the node that created it
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when {@code node} is
     *                        {@code null} or {@code id} is negative
     */
    public Pid {
        if (node == null) {
            throw new SporeException(SporeException.Reason.INVALID_NAME, "a pid needs a node name");
        }
        if (id < 0) {
            throw new SporeException(SporeException.Reason.INVALID_NAME, "a pid's id cannot be negative: " + id);
        }
    }

    /**
     * Parses the form {@link #toString()} prints: {@code <name@host.id.creation>}.
     *
     * @param text the pid as text
     * @return the pid
     * @throws SporeException with reason {@link SporeException.Reason#INVALID_NAME} when the text is not a pid
     */
    public static Pid parse(String text) {
        String problem = "expected <name@host.id.creation>, for example <demo@localhost.42.1>";
        if (text == null || text.length() < 2 || text.charAt(0) != '<' || text.charAt(text.length() - 1) != '>') {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid pid " + Name.quote(text) + ": " + problem);
        }
        String body = text.substring(1, text.length() - 1);
        int lastDot = body.lastIndexOf('.');
        int idDot = lastDot > 0 ? body.lastIndexOf('.', lastDot - 1) : -1;
        if (idDot <= 0) {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid pid " + Name.quote(text) + ": " + problem);
        }
        try {
            long id = Long.parseLong(body.substring(idDot + 1, lastDot));
            int creation = Integer.parseInt(body.substring(lastDot + 1));
            return new Pid(NodeName.parse(body.substring(0, idDot)), id, creation);
        } catch (NumberFormatException e) {
            throw new SporeException(SporeException.Reason.INVALID_NAME,
                "invalid pid " + Name.quote(text) + ": " + problem);
        }
    }

    /** @return whether this pid is a node's virtual identity rather than a process */
    public boolean isNode() {
        return id == NODE_ID;
    }

    @Override
    public int hashCode() {
        // The id alone spreads well and keeps the process table's hot lookup cheap.
        return Long.hashCode(id * 0x9E3779B97F4A7C15L) ^ creation;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
            || (o instanceof Pid p && id == p.id && creation == p.creation && node.equals(p.node));
    }

    @Override
    public String toString() {
        return "<" + node + "." + id + "." + creation + ">";
    }
}
