package io.spore.core.spi;

import io.spore.api.Pid;
import io.spore.api.supervisor.ChildStatus;

/**
 * One child in a supervision tree, as {@link Applications#tree} walks it.
 *
 * @param path       the ids from the walked supervisor down to this child, joined by {@code /}
 * @param depth      0 for a child of the walked supervisor, 1 for a grandchild, and so on
 * @param supervisor the child's own supervisor
 * @param status     the child, its restarts and its last exit
 */
public record SupervisedChild(String path, int depth, Pid supervisor, ChildStatus status) {
}
