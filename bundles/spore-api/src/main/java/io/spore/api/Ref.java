package io.spore.api;

/**
 * A reference unique within a node's incarnation: it names a monitor or a pending call.
 *
 * <p>Values compare by content and may travel inside messages. Immutable and safe to share between threads.
 *
 * @param node     the node that made it
 * @param id       a number unique on that node's incarnation
 * @param creation the incarnation of the node that made it
 */
public record Ref(NodeName node, long id, int creation) {
    @Override
    public String toString() {
        return "#Ref<" + node + "." + id + "." + creation + ">";
    }
}
