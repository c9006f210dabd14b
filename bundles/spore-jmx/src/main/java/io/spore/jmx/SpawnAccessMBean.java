package io.spore.jmx;

import javax.management.openmbean.TabularData;

/**
 * {@code io.spore:type=SpawnAccess,name=<node>}: which spawn names other nodes may use, and which nodes may use
 * each (the access lists of Ergo's remote spawn).
 *
 * <p>The rules, per spawn name: {@code enableSpawn(f, [])} opens it to every node; {@code enableSpawn(f, nodes)}
 * adds nodes to its list, and from then only listed nodes may spawn; {@code disableSpawn(f, nodes)} removes nodes,
 * and a list that becomes empty opens the name to every node again; {@code disableSpawn(f, [])} withdraws it from
 * remote spawn altogether (local spawns are untouched). Changes apply from the next request and survive restarts.
 *
 * <p>Notifications: an {@link javax.management.AttributeChangeNotification} on {@code Factories} for every change
 * (old and new value: that factory's row; user data: its name); in addition {@value SpawnAccessAdmin#OPENED_TO_ALL}
 * when a list becomes empty and the name opens to every node; {@value SpawnAccessAdmin#DENIED} for every refused
 * spawn (user data: a composite of {@code requester} and {@code factory}).
 */
public interface SpawnAccessMBean {
    /**
     * @return one row per spawn name, indexed by {@code name}: {@code provider} (the bundle offering it, or
     *         {@code api}), {@code remoteSpawn} (whether other nodes may use it at all), {@code openToAll},
     *         {@code allowedNodes} (comma separated; empty when open to all), {@code spawned}, {@code denied}
     */
    TabularData getFactories();

    /** @return the spawn names, sorted */
    String[] getFactoryNames();

    /**
     * Opens {@code factory} to remote spawn: to every node when {@code nodes} is empty, else adds them to its list.
     *
     * @param nodes node names, {@code name@host}; empty (or {@code null}) for none
     * @throws IllegalArgumentException when the node does not know {@code factory} (the message lists the known
     *                                  names) or a node name is malformed
     */
    void enableSpawn(String factory, String[] nodes);

    /**
     * Removes {@code nodes} from {@code factory}'s list (an emptied list opens it to every node); with no nodes,
     * withdraws {@code factory} from remote spawn.
     *
     * @param nodes node names, {@code name@host}; empty (or {@code null}) for none
     * @throws IllegalArgumentException when the node does not know {@code factory} or a node name is malformed
     */
    void disableSpawn(String factory, String[] nodes);

    /**
     * {@link #enableSpawn} for consoles that cannot edit an array parameter (JConsole): the nodes in one text.
     *
     * @param nodes node names separated by commas or spaces; empty for none
     * @throws IllegalArgumentException as {@link #enableSpawn}
     */
    void enableSpawnNodes(String factory, String nodes);

    /**
     * {@link #disableSpawn} for consoles that cannot edit an array parameter (JConsole): the nodes in one text.
     *
     * @param nodes node names separated by commas or spaces; empty for none
     * @throws IllegalArgumentException as {@link #disableSpawn}
     */
    void disableSpawnNodes(String factory, String nodes);

    /**
     * @return the nodes listed for {@code factory}, sorted; empty when it is open to every node or withdrawn
     * @throws IllegalArgumentException when the node does not know {@code factory}
     */
    String[] allowedNodes(String factory);

    /**
     * @return {@code open to all}, {@code listed: a@h, b@h} or {@code disabled}: one line for scripts and consoles
     * @throws IllegalArgumentException when the node does not know {@code factory}
     */
    String describe(String factory);
}
