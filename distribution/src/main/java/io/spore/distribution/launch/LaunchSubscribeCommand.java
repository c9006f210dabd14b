package io.spore.distribution.launch;

import io.spore.distribution.cli.VersionProvider;
import io.spore.distribution.framework.ActionableException;
import io.spore.launcher.Glob;
import io.spore.launcher.HostPort;
import io.spore.launcher.LaunchClient;
import io.spore.launcher.ProcessEnd;
import io.spore.launcher.Request;
import io.spore.launcher.SubscriberSecret;
import io.spore.launcher.SubscriberServer;
import io.spore.transport.security.CookieFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spore launch subscribe}: with {@code --serve}, listens for the daemon's notices of program ends and prints
 * one line each until stopped; without it, only registers a subscriber that listens at {@code -a} (which is what
 * a serving subscriber asks a remote daemon to do, through ssh).
 *
 * <p>Either way the subscriber's key ({@link SubscriberSecret}) is chosen here, from the cookie or a secret file, and
 * given to the daemon with the registration (through ssh's standard input with {@code --host}); the daemon signs every
 * notice with it, and the listening side prints only what is signed.
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
        "Every notice is signed with a key derived from the cookie (~/.spore/cookie, or --cookie-file) or from"
            + " --secret-file; the subscriber prints only what is signed with its key and drops (and counts) the"
            + " rest, so a subscriber port open to others shows nothing they send.",
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

    @Option(names = "--secret-file", paramLabel = "FILE",
        description = "Sign notices with a key derived from this file's text (at least 16 bytes; only you may read"
            + " or write it: chmod 600), instead of the cookie's. The serving subscriber and the registration must"
            + " use the same.")
    Path secretFile;

    @Option(names = "--cookie-file", paramLabel = "FILE",
        description = "Derive the key from this cookie file instead of ~/.spore/cookie (made on first use).")
    Path cookieFile;

    /** How a subscriber on one host hands its key to the registration on the daemon's host, through ssh. */
    @Option(names = "--secret-stdin", hidden = true,
        description = "Read the key (base64) from standard input: what --host uses.")
    boolean secretStdin;

    private SubscriberSecret secret;
    /** Where the key came from, for the user: never the key. */
    private String keySource;

    @Override
    public Integer call() throws Exception {
        if (filter != null) {
            Glob.of(filter);
        }
        if (!serve && address == null) {
            throw new ParameterException(spec.commandLine(), "give --serve to listen, or -a HOST:PORT of a"
                + " subscriber to register");
        }
        secret = secret();
        if (!serve) {
            return register(address);
        }
        HostPort bind = HostPort.parse(address != null ? address : launch.host == null ? "127.0.0.1:0" : ":0");
        PrintWriter out = spec.commandLine().getOut();
        ErrorLines err = new ErrorLines(spec.commandLine().getErr());
        SubscriberServer server = SubscriberServer.listen(new SubscriberServer.Context().bind(bind).secret(secret)
            .consumer(end -> print(out, end)).log(err::println));
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
            SubscriberServer.Counters counters = server.counters();
            err.println("subscriber stopped: " + counters.notices() + " notice(s) printed, " + counters.dropped()
                + " line(s) or connection(s) dropped (" + counters.reasons() + ")");
            stopped.countDown();
        }, "subscriber-shutdown"));
        synchronized (out) {
            out.println("subscriber listening on " + new HostPort(bound.getHostString(), bound.getPort())
                + ", registered as " + advertised + " with the launcher "
                + (launch.host != null ? "on " + launch.host : "on " + new LaunchClient(launch.socket).socket())
                + ", filter " + Glob.of(filter) + ", notices signed with " + keySource + "; Ctrl-C to stop");
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
            List<String> args = new ArrayList<>(List.of("-a", subscriber, "--secret-stdin"));
            if (filter != null) {
                args.add("-f");
                args.add(filter);
            }
            // Its output (the daemon's "registered" line) is the remote command's; pass it through. The key goes
            // on ssh's standard input: the remote host's cookie may differ, and a command line is public.
            return RemoteLaunch.withInput(launch, spec.name(), args, secret.encoded()).run();
        }
        String message = new LaunchClient(launch.socket).require(Request.subscribe(subscriber, filter, secret))
            .message();
        if (!serve) {
            spec.commandLine().getOut().println(message);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** @return the key to sign with: from standard input, the secret file, or the cookie, in that order */
    private SubscriberSecret secret() throws IOException {
        if (secretStdin) {
            keySource = "the key given on standard input";
            return SubscriberSecret.decode(readKeyLine(System.in));
        }
        if (secretFile != null) {
            keySource = "the key of secret file " + secretFile;
            return SubscriberSecret.fromFile(secretFile);
        }
        Path cookie = cookieFile != null ? cookieFile : CookieFile.defaultPath();
        keySource = "the key of cookie file " + cookie;
        try {
            // Checks the file as every node does (owner only, strong), making the default one on first use.
            CookieFile.resolve(cookieFile);
        } catch (io.spore.api.SporeException e) {
            throw new ActionableException(e.getMessage() + " (the subscriber's key is derived from the cookie;"
                + " or give --secret-file)");
        } catch (java.io.UncheckedIOException e) {
            throw new ActionableException(e.getMessage());
        }
        return SubscriberSecret.fromText(Files.readString(cookie, StandardCharsets.UTF_8).strip()
            .getBytes(StandardCharsets.UTF_8));
    }

    /** @return the first line of {@code in}, of at most a few hundred characters (a key is 44) */
    private static String readKeyLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && line.length() < 256) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    /** Lines to standard error, whole, from any thread. */
    private record ErrorLines(PrintWriter err) {
        void println(String line) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
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
