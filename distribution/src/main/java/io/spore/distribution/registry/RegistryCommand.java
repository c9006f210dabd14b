package io.spore.distribution.registry;

import io.aeron.cluster.service.Cluster;
import io.spore.distribution.cli.DurationConverter;
import io.spore.distribution.framework.ActionableException;
import io.spore.registry.member.MemberAddresses;
import io.spore.registry.member.RegistryMember;
import io.spore.registry.member.RegistryMemberAdmin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code spore registry}: runs one member of the registry cluster in the foreground until Ctrl-C or SIGTERM (a clean
 * stop: its log and snapshots stay in its folder for the next start), or until the cluster tells it to stop. The
 * member's {@link io.spore.registry.member.RegistryMemberMXBean} is in the platform MBean server: JConsole attaches
 * to the process, and the JDK's own remote agent (its {@code com.sun.management.jmxremote} options in
 * {@code JAVA_OPTS}) serves it too.
 */
@Command(name = "registry", mixinStandardHelpOptions = true, subcommands = RegistryStatusCommand.class,
    description = {"Run one member of the Spore registry (membership, global names, process groups) on Aeron"
        + " Cluster.",
        "Three or five members make a cluster that survives the loss of one or two; one is enough to develop with."
            + " Each member uses five UDP ports from its port P: P for nodes, P+1 to P+4 for the cluster itself."})
public final class RegistryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Required unless a subcommand (status) runs instead: checked in call(), since picocli would ask for them there.
    @Option(names = "--member-id", paramLabel = "N",
        description = "This member's position in --members, from 0 (required).")
    Integer memberIdOption;

    @Option(names = "--members", paramLabel = "HOST:PORT,...",
        description = "Every member, in member-id order, the same list on every member (required).")
    String members;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where this member keeps its log, archive and snapshots (default ~/.spore/registry/member-N).")
    Path dir;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "The member's media driver folder (default Aeron's default folder with -registry-N).")
    String aeronDir;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "10s",
        description = "A node whose session is silent this long leaves (default ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--leader-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "10s",
        description = "Followers elect a new leader after hearing nothing this long (default ${DEFAULT-VALUE}).")
    Duration leaderTimeout;

    @Option(names = "--snapshot-interval", paramLabel = "DURATION", converter = DurationConverter.class,
        defaultValue = "10m", description = "How often the leader takes a snapshot (default ${DEFAULT-VALUE}).")
    Duration snapshotInterval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (memberIdOption == null || members == null) {
            throw new ParameterException(spec.commandLine(), "spore registry needs --member-id and --members"
                + " (or the subcommand status)");
        }
        int memberId = memberIdOption;
        MemberAddresses addresses;
        try {
            addresses = MemberAddresses.parse(members);
        } catch (IllegalArgumentException e) {
            throw new ActionableException(e.getMessage());
        }
        File folder = (dir != null ? dir : Path.of(System.getProperty("user.home"), ".spore", "registry",
            "member-" + memberId)).toFile();
        CountDownLatch stopped = new CountDownLatch(1);
        RegistryMember.Context context = new RegistryMember.Context()
            .memberId(memberId)
            .addresses(addresses)
            .dir(folder)
            .aeronDirectoryName(aeronDir)
            .sessionTimeoutNs(sessionTimeout.toNanos())
            .leaderHeartbeatTimeoutNs(leaderTimeout.toNanos())
            .snapshotIntervalNs(snapshotInterval.toNanos())
            .terminationHook(stopped::countDown);
        RegistryMember member;
        try {
            member = RegistryMember.launch(context);
        } catch (IllegalArgumentException e) {
            throw new ActionableException(e.getMessage());
        } catch (RuntimeException e) {
            throw new ActionableException("registry member " + memberId + " did not start: " + e.getMessage()
                + " (is another member using its ports or folder " + folder + "?)");
        }
        RegistryMemberAdmin admin;
        try {
            admin = RegistryMemberAdmin.register(member, ManagementFactory.getPlatformMBeanServer());
        } catch (IllegalStateException e) {
            member.close();
            throw new ActionableException(e.getMessage());
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                admin.close();
                member.close();
                out.println("registry member " + memberId + " stopped");
                out.flush();
            }
        };
        Thread onSignal = new Thread(() -> {
            stopped.countDown();
            stop.run();
        }, "spore-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        out.println("registry member " + memberId + " of " + addresses.size() + " up: nodes connect to "
            + addresses.endpoint(memberId, 0) + "; storage " + folder.getAbsolutePath() + "; JMX " + admin.name()
            + "; Ctrl-C to stop");
        out.flush();
        Cluster.Role announced = null;
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            Cluster.Role role = member.role();
            if (role != announced) {
                out.println("registry member " + memberId + " is " + role.name().toLowerCase());
                out.flush();
                announced = role;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook stops the member, and the JVM waits for it.
            return 0;
        }
        stop.run();
        return 0;
    }
}
