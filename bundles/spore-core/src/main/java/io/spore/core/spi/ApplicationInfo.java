package io.spore.core.spi;

import io.spore.api.Pid;

import java.util.Map;

/**
 * One application as a node runs it, a snapshot.
 *
 * @param name      the application's name, which every process of its tree carries
 * @param bundle    the bundle that declares it: {@code symbolic-name version [id]}
 * @param startType what its end means for the node
 * @param state     where it is in its life
 * @param root      its root supervisor while it runs, else {@code null}
 * @param env       the environment every process of its tree starts with, unmodifiable
 * @param detail    why it failed or ended, empty otherwise
 */
public record ApplicationInfo(String name, String bundle, StartType startType, State state, Pid root,
                              Map<String, Object> env, String detail) {
    /** Where an application is in its life. */
    public enum State {
        /** Its bundle is active; the root supervisor is being started (its factories may still be coming). */
        STARTING,
        /** Its root supervisor runs. */
        RUNNING,
        /** It could not start, or its root supervisor ended on its own; {@code detail} says why. */
        FAILED,
        /** Its bundle is stopping and its tree is being stopped. */
        STOPPING
    }

    /** Copies the environment. */
    public ApplicationInfo {
        env = Map.copyOf(env);
    }
}
