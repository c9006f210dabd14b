package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.launcher.Glob;
import io.spore.launcher.HostPort;
import io.spore.launcher.LaunchClient;
import io.spore.launcher.ProcessEnd;
import io.spore.launcher.Request;
import io.spore.launcher.SubscriberServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spore launch subscribe}: with {@code --serve}, listens for the daemon's notices of program ends and prints
 * one line each until stopped; without it, only registers a subscriber that listens at {@code -a} (which is what
 * a serving subscriber asks a remote daemon to do, through ssh).
 */
@Command(name = "subscribe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "With --serve, listens on ADDR (TCP) and registers with the launch daemon (here, or with --host on that"
            + " host through ssh); the daemon then connects to it and reports every program end whose label matches"
            + " the filter: one line each, 'TIME HOST LABEL pid PID stopped|failed|exited (exit N|signal S)'."
            + " A subscriber that restarts on the same address gets what it missed; Ctrl-C stops it (the daemon"
            + " keeps trying it until 'spore launch unsubscribe ADDR').",
        "Without --serve, registers -a ADDR as a subscriber and returns.",
        ""
    })
final class LaunchSubscribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LaunchCommand launch;

    @Option(names = "--serve", description = "Listen for notices and print them, until Ctrl-C.")
    boolean serve;

    @Option(names = {"-a", "--address"}, paramLabel = "ADDR",
        description = "Where to listen, host:port or :port (every interface); port 0 picks a free one. Default:"
            + " 127.0.0.1:0, or :0 with --host. Without --serve: the subscriber's address to register.")
    String address;

    @Option(names = {"-f", "--filter"}, paramLabel = "GLOB",
        description = "Only labels matching this pattern (* ? [...]), e.g. 'o*'. Default: every label.")
    String filter;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
        description = "The address the daemon should connect to, when it differs from where this listens (NAT, a"
            + " listener on every interface). Default: the listening address, or this host's address towards"
            + " --host.")
    String advertise;

    @Override
    public Integer call() throws Exception {
        if (filter != null) {
            Glob.of(filter);
        }
        if (!serve) {
            if (address == null) {
                throw new ParameterException(spec.commandLine(), "give --serve to listen, or -a HOST:PORT of a"
                    + " subscriber to register");
            }
            return register(address);
        }
        HostPort bind = HostPort.parse(address != null ? address : launch.host == null ? "127.0.0.1:0" : ":0");
        PrintWriter out = spec.commandLine().getOut();
        SubscriberServer server = SubscriberServer.listen(bind, end -> print(out, end));
        InetSocketAddress bound = server.boundAddress();
        String advertised = advertise != null ? HostPort.parse(advertise).toString()
            : new HostPort(advertisedHost(bind), bound.getPort()).toString();
        try {
            int status = register(advertised);
            if (status != 0) {
                server.close();
                return status;
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "subscriber-shutdown"));
        synchronized (out) {
            out.println("subscriber listening on " + new HostPort(bound.getHostString(), bound.getPort())
                + ", registered as " + advertised + " with the launcher "
                + (launch.host != null ? "on " + launch.host : "on " + new LaunchClient(launch.socket).socket())
                + ", filter " + Glob.of(filter) + "; Ctrl-C to stop");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    private static void print(PrintWriter out, ProcessEnd end) {
        synchronized (out) {
            out.println(end.describe());
            out.flush();
        }
    }

    private int register(String subscriber) throws InterruptedException {
        if (launch.host != null) {
            List<String> args = new ArrayList<>(List.of("-a", subscriber));
            if (filter != null) {
                args.add("-f");
                args.add(filter);
            }
            // Its output (the daemon's "registered" line) is the remote command's; pass it through.
            return new RemoteLaunch(launch, spec.name(), args, null).run();
        }
        String message = new LaunchClient(launch.socket).require(Request.subscribe(subscriber, filter)).message();
        if (!serve) {
            spec.commandLine().getOut().println(message);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The host part to advertise: the bound one, unless it is "any", then the address towards the daemon's host. */
    private String advertisedHost(HostPort bind) {
        if (!bind.host().isEmpty() && !bind.host().equals("0.0.0.0") && !bind.host().equals("::")) {
            return bind.host();
        }
        if (launch.host == null) {
            return "127.0.0.1";
        }
        String target = launch.host.substring(launch.host.indexOf('@') + 1);
        try (DatagramSocket probe = new DatagramSocket()) {
            // Connecting a UDP socket sends nothing; it only asks the kernel which local address routes there.
            probe.connect(InetAddress.getByName(target), 22);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // An ssh alias that does not resolve here: fall back to this host's name.
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ActionableException("cannot tell which address " + launch.host + " should reach this subscriber"
                + " on: give --advertise HOST:PORT");
        }
    }
}
