package io.spore.api;

/**
 * Makes the behaviour of a new process. Publish one as an OSGi service with the property
 * {@value #SPAWN_NAME} and the node offers it as a spawn name for as long as the service is registered:
 *
 * <pre>{@code
 * context.registerService(ProcessFactory.class, Echo::new,
 *     FrameworkUtil.asDictionary(Map.of(ProcessFactory.SPAWN_NAME, "echo")));
 * }</pre>
 *
 * <p>When the service goes away (its bundle stops), the name goes away and every process the factory created
 * ends with {@link ExitReason.Kind#FACTORY_WITHDRAWN}, since its classes are about to vanish. If two services
 * carry the same name, the one with the higher {@code service.ranking} (then the lower {@code service.id}) wins.
 *
 * <p>{@link #create()} is called on the spawner's thread, once per process, and may be called from many threads
 * at once; it should only construct. An exception it throws fails the spawn with
 * {@link SporeException.Reason#INIT_FAILED}.
 */
@FunctionalInterface
public interface ProcessFactory {
    /** Service property: the spawn name, a String that {@link Name#of(String)} accepts. */
    String SPAWN_NAME = "spore.spawn.name";
    /** Service property: the initial remote-spawn access list, a String[] of node names (empty: open to all). */
    String SPAWN_NODES = "spore.spawn.nodes";

    /** @return a fresh behaviour for one new process */
    ProcessBehavior create();
}
