package io.spore.jmx;

import javax.management.openmbean.TabularData;

/**
 * {@code io.spore:type=Processes,name=<node>}: the node's processes, and a way to end one. An Open MBean
 * ({@link OpenBean}): the table is {@link javax.management.openmbean.TabularData}, which JConsole shows as a table.
 */
public interface ProcessesMBean {
    /**
     * @return one row per live process, indexed by pid: {@code pid}, {@code registeredName} (empty when none),
     *         {@code factory} (empty when none), {@code parent}, {@code application} (empty when none),
     *         {@code mailboxLength}, {@code state}
     */
    TabularData getProcesses();

    /** @return processes alive now */
    int getCount();

    /** @return the pids of the live processes, in pid order, as {@code <name@host.id.creation>} */
    String[] getPids();

    /**
     * Ends a process with the reason {@code killed}, which it cannot trap.
     *
     * @param pid as shown in {@link #getProcesses()}, with or without the angle brackets
     * @return whether it was alive
     * @throws IllegalArgumentException when {@code pid} is not a pid, or names a process of another node
     */
    boolean kill(String pid);
}
