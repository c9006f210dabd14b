package io.spore.jmx;

import javax.management.openmbean.TabularData;

/**
 * {@code io.spore:type=Applications,name=<node>}: the applications bundles declare on the node, their supervision
 * trees, and ways to restart or stop one child. An Open MBean ({@link OpenBean}).
 *
 * <p>A supervisor is named by its pid ({@code <node@host.id.creation>}, brackets optional) or by an application's
 * name, which stands for its root supervisor.
 *
 * <p>Notifications: {@value ApplicationsAdmin#RESTARTED} for every restart a supervisor of the node makes, and
 * {@value ApplicationsAdmin#INTENSITY_EXCEEDED} when one gives up; user data: a composite of {@code supervisor},
 * {@code application}, {@code child}, {@code pid}, {@code reason} and {@code restarts}.
 */
public interface ApplicationsMBean {
    /**
     * @return one row per application, indexed by {@code name}: {@code bundle}, {@code startType}, {@code state}
     *         ({@code STARTING}, {@code RUNNING}, {@code FAILED}, {@code STOPPING}), {@code root} (empty unless
     *         running), {@code env} ({@code key=value} pairs), {@code detail} (why it failed)
     */
    TabularData getApplications();

    /**
     * @return every running application's supervision tree, one row per child, indexed by {@code application},
     *         {@code path} and {@code pid}: {@code path} (ids from the root down, joined by {@code /}),
     *         {@code depth}, {@code supervisor}, {@code id}, {@code pid} (empty when not running), {@code type},
     *         {@code restart}, {@code restarts}, {@code lastExit} (empty when it never ended)
     */
    TabularData getSupervisionTrees();

    /**
     * @param supervisor a supervisor's pid, or an application's name
     * @return its tree, as rows of {@link #getSupervisionTrees()} (the {@code application} column is the argument)
     * @throws IllegalArgumentException when it names no application and no running supervisor of this node
     */
    TabularData tree(String supervisor);

    /**
     * Restarts one child: stops it if it runs (its shutdown, as the supervisor does), then starts it again.
     *
     * @param supervisor its supervisor's pid, or an application's name
     * @param child      the child's id
     * @return the child's new pid
     * @throws IllegalArgumentException for an unknown supervisor or child
     * @throws IllegalStateException    when the child cannot be started (the reason in the message)
     */
    String restartChild(String supervisor, String child);

    /**
     * Stops one child, which its supervisor does not restart until {@link #restartChild} is called.
     *
     * @param supervisor its supervisor's pid, or an application's name
     * @param child      the child's id
     * @throws IllegalArgumentException for an unknown supervisor or child
     */
    void terminateChild(String supervisor, String child);
}
