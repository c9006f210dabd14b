package io.spore.transport;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.PublicationErrorFrameHandler;
import io.aeron.driver.DefaultCongestionControlSupplier;
import io.aeron.driver.DefaultDenyTerminationValidator;
import io.aeron.driver.DefaultMulticastFlowControlSupplier;
import io.aeron.driver.DefaultReceiveChannelEndpointSupplier;
import io.aeron.driver.DefaultSendChannelEndpointSupplier;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.AeronEvent;
import io.spore.api.SporeException;
import io.spore.wire.StaleSessionNotice;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node's access to Aeron: an Aeron client connected either to a media driver embedded in this node or to an
 * external one that the nodes of a host share ({@link TransportContext#aeronDir()}).
 *
 * <p>An embedded driver lives in a fresh temporary directory of its own, runs with the context's threading mode
 * and idle strategy, and is closed, with its directory deleted, by {@link #close()}. In {@code INVOKER} mode it has
 * no thread: the transport runs it ({@link #invokedDriver()}), and so does the client while it waits for the answer
 * to a command, whose conductor is then invoked with the driver instead of running on a thread of its own. An
 * external driver is only used: closing this host closes the client and leaves the driver running for the other
 * nodes.
 *
 * <p>Every class Aeron would otherwise look up by name through a system property (idle strategies, endpoint,
 * flow-control and congestion-control suppliers, the termination validator) is set here in code: inside OSGi,
 * {@code Class.forName} in Aeron's code cannot see classes of other bundles.
 *
 * <p>Threading: {@link #start} and {@link #close()} on any one thread; {@link #aeron()} is Aeron's thread-safe
 * client. {@link #close()} is idempotent.
 */
public final class MediaDriverHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MediaDriverHost.class.getName());
    /**
     * The embedded driver's counters, 1 MiB of values (Aeron's least; its default is 8 MiB): room for 8,192
     * counters, where a peer takes a few per publication and image. The counters and their labels live in
     * {@code cnc.dat}, which the driver fills when it starts: with the default it was 48,238,592 bytes of
     * {@code /dev/shm} per node before the node had a peer, more than the logs of ten busy peers; now 11,538,432.
     */
    static final int COUNTERS_VALUES_BUFFER_LENGTH = 1024 * 1024;

    private final MediaDriver driver;
    /** The embedded driver's duty cycle, when the transport's threads run it; {@link InvokedDriver#NONE} otherwise. */
    private final InvokedDriver invoked;
    /** Runs the invoked driver when no transport thread has lately; {@code null} when the driver has threads. */
    private final DriverKeeper keeper;
    private final Aeron aeron;
    private final Path aeronDir;
    private final boolean ownsDir;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The second sweep of the parent, one driver timeout after the start; {@code null} for an external driver. */
    private final Thread secondSweep;
    /** Runs once the embedded driver has closed (its doze's selector goes then); nothing for an external one. */
    private final Runnable driverClosed;

    private MediaDriverHost(MediaDriver driver, InvokedDriver invoked, DriverKeeper keeper, Aeron aeron, Path aeronDir,
                            boolean ownsDir, Thread secondSweep, Runnable driverClosed) {
        this.driver = driver;
        this.invoked = invoked;
        this.keeper = keeper;
        this.aeron = aeron;
        this.aeronDir = aeronDir;
        this.ownsDir = ownsDir;
        this.secondSweep = secondSweep;
        this.driverClosed = driverClosed;
        if (secondSweep != null) {
            secondSweep.start();
        }
    }

    /**
     * Starts an embedded driver, or checks that the external one is alive, and connects a client to it. The driver
     * never dozes: its clients' offers do not wake it, as a transport's do.
     *
     * @param context the transport settings; concluded here if it was not
     * @return the running host; close it to release the driver and client
     * @throws SporeException   {@code INVALID_ARGUMENT} when the context is invalid, asks for an embedded driver in
     *                          {@code INVOKER} mode (only a transport runs one), or no driver is running in the
     *                          configured external directory
     * @throws UncheckedIOException when the embedded driver's temporary directory cannot be made
     */
    public static MediaDriverHost start(TransportContext context) {
        context.conclude();
        if (context.aeronDir() == null && context.threadingMode() == io.aeron.driver.ThreadingMode.INVOKER) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "an embedded driver in INVOKER mode is"
                + " run by a transport's threads, and this host has none: use SHARED, SHARED_NETWORK or DEDICATED");
        }
        return start(context, PublicationErrorFrameHandler.NO_OP, new IdleWakes(false)); // raw offers wake nobody
    }

    /**
     * As {@link #start(TransportContext)}, with {@code errorFrames} told (on the Aeron client's conductor thread) of
     * each error frame a receiver sends about this client's publications, such as a rejected image, and an embedded
     * driver's threads made wakeable through {@code wakes}.
     */
    static MediaDriverHost start(TransportContext context, PublicationErrorFrameHandler errorFrames,
                                 IdleWakes wakes) {
        context.conclude();
        return context.aeronDir() == null ? startEmbedded(context, errorFrames, wakes)
            : connectExternal(context, errorFrames);
    }

    private static MediaDriverHost startEmbedded(TransportContext context, PublicationErrorFrameHandler errorFrames,
                                                 IdleWakes wakes) {
        Path dir = createDriverDir(context);
        MediaDriver driver = null;
        DriverKeeper keeper = null;
        try {
            driver = MediaDriver.launch(wakes.driverIdle(driverContext(context, dir), context.threadingMode(),
                context.idleStrategy()));
            wakes.expectDriverCommands(); // the client connects and the endpoint subscribes next
            InvokedDriver invoked = driver.sharedAgentInvoker() == null ? InvokedDriver.NONE
                : new InvokedDriver(driver.sharedAgentInvoker(), driver.context().errorHandler());
            Aeron.Context client = clientContext(context, dir, wakes.clientIdle())
                .publicationErrorFrameHandler(errorFrames);
            if (invoked.isInvoked()) {
                client.useConductorAgentInvoker(true).driverAgentInvoker(invoked.forClient());
            }
            Aeron aeron = Aeron.connect(client);
            if (invoked.isInvoked()) {
                invoked.clientConductor(aeron.conductorAgentInvoker());
                keeper = new DriverKeeper(invoked, context.nodeName().toString()).start();
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "embedded media driver for " + context.nodeName() + " in " + dir
                + " (" + context.threadingMode() + ")");
            return new MediaDriverHost(driver, invoked, keeper, aeron, dir, true, secondSweep(dir.getParent(),
                context.driverTimeout(), context.nodeName().toString()), wakes::driverClosed);
        } catch (RuntimeException | Error e) {
            // Undo what started, in reverse, so a failed start leaves no thread and no directory behind.
            if (keeper != null) {
                keeper.close();
            }
            if (driver != null) {
                driver.close();
            }
            wakes.driverClosed();
            IoUtil.delete(dir.toFile(), true);
            throw e;
        }
    }

    private static MediaDriverHost connectExternal(TransportContext context,
                                                   PublicationErrorFrameHandler errorFrames) {
        Path dir = context.aeronDir();
        if (!CommonContext.isDriverActive(dir.toFile(), context.driverTimeout().toMillis(), message -> {
        })) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "no Aeron media driver is running in "
                + dir + " (no live cnc.dat there): start the shared driver first, or leave out the aeron dir to"
                + " embed one in this node");
        }
        Aeron aeron = Aeron.connect(clientContext(context, dir, null).publicationErrorFrameHandler(errorFrames));
        return new MediaDriverHost(null, InvokedDriver.NONE, null, aeron, dir, false, null, () -> {
        });
    }

    private static Path createDriverDir(TransportContext context) {
        try {
            Path parent = context.embeddedDirParent();
            if (parent.getParent() != null) {
                Files.createDirectories(parent.getParent());
            }
            DriverDirParent.prepare(parent);
            StaleDriverDirs.sweep(parent);
            return Files.createTempDirectory(context.embeddedDirParent(),
                StaleDriverDirs.PREFIX + context.nodeName().name() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the embedded media driver of "
                + context.nodeName() + " in " + context.embeddedDirParent() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A node restarted the moment it was killed may sweep before its predecessor's process is reaped, and then
     * leaves that directory (tens of megabytes of /dev/shm); one more sweep a driver timeout later takes it. A daemon
     * thread that sleeps, so the receive agent never does file work; {@link #close()} ends it.
     */
    private static Thread secondSweep(Path parent, java.time.Duration after, String node) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(after.toMillis());
                StaleDriverDirs.sweep(parent);
            } catch (InterruptedException closed) {
                // the host closed first: nothing to do
            }
        }, "spore-driver-dir-sweep-" + node);
        thread.setDaemon(true);
        return thread;
    }

    /** Everything but the idle strategies, which {@link IdleWakes#driverIdle} sets. */
    private static MediaDriver.Context driverContext(TransportContext context, Path dir) {
        return new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            // The directory is ours alone: clear it on start and remove it on shutdown.
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(context.threadingMode())
            // Every peer takes one session per stream; a stranger must not make the driver hold images without end.
            .streamSessionLimit(context.sessionLimit())
            // The async executor only resolves host names, and Spore hands Aeron numeric endpoints: one thread
            // fewer on a small machine.
            .asyncExecutorEnabled(false)
            .unicastFlowControlSupplier((channel, streamId, registrationId) -> new QuarterTermFlowControl())
            .multicastFlowControlSupplier(new DefaultMulticastFlowControlSupplier())
            .sendChannelEndpointSupplier(new DefaultSendChannelEndpointSupplier())
            .receiveChannelEndpointSupplier(new DefaultReceiveChannelEndpointSupplier())
            .congestControlSupplier(new DefaultCongestionControlSupplier())
            .terminationValidator(new DefaultDenyTerminationValidator())
            .publicationTermBufferLength(context.termBufferLength())
            .termBufferSparseFile(context.termBufferSparse())
            .counterValuesBufferLength(COUNTERS_VALUES_BUFFER_LENGTH)
            .errorHandler(quietAboutNotices(context.errorHandler()));
    }

    /**
     * The driver reports each error frame a receiver sent as an {@link AeronEvent}: for a peer's stale-session notice
     * (an expected event, acted on by {@link StaleConnections}) that is not an error of this node's.
     */
    private static ErrorHandler quietAboutNotices(ErrorHandler handler) {
        return error -> {
            if (error instanceof AeronEvent && String.valueOf(error.getMessage()).contains(StaleSessionNotice.PREFIX)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "media driver: " + error.getMessage());
            } else {
                handler.onError(error);
            }
        };
    }

    /** @param conductorIdle the client conductor's idle strategy, or null for Aeron's default */
    private static Aeron.Context clientContext(TransportContext context, Path dir, IdleStrategy conductorIdle) {
        Aeron.Context client = new Aeron.Context();
        if (conductorIdle != null) {
            client.idleStrategy(conductorIdle);
        }
        return client
            .aeronDirectoryName(dir.toString())
            .clientName("spore " + context.nodeName())
            .driverTimeoutMs(context.driverTimeout().toMillis())
            .errorHandler(context.errorHandler());
    }

    /** @return the Aeron client; thread-safe, closed by {@link #close()} */
    public Aeron aeron() {
        return aeron;
    }

    /** @return the embedded driver's duty cycle for the transport's threads to run, or {@link InvokedDriver#NONE} */
    InvokedDriver invokedDriver() {
        return invoked;
    }

    /** @return the media driver's directory (the embedded driver's own, or the external one) */
    public Path aeronDir() {
        return aeronDir;
    }

    /** @return whether the driver runs inside this host (and goes away with it) */
    public boolean isEmbedded() {
        return driver != null;
    }

    /** Closes the client, then the embedded driver if there is one, and deletes its directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (secondSweep != null) {
            secondSweep.interrupt();
        }
        if (keeper != null) {
            keeper.close(); // before the client and the driver close under it
        }
        try {
            aeron.close();
        } finally {
            if (driver != null) {
                driver.close();
                driverClosed.run();
            }
            if (ownsDir) {
                IoUtil.delete(aeronDir.toFile(), true);
            }
        }
    }

    @Override
    public String toString() {
        return "MediaDriverHost[" + (isEmbedded() ? "embedded" : "external") + " driver in " + aeronDir + "]";
    }
}
