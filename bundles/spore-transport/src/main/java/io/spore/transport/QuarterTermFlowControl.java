package io.spore.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.UnicastFlowControl;
import io.aeron.driver.media.UdpChannel;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.StatusMessageFlyweight;
import org.agrona.concurrent.status.CountersManager;

import java.net.InetSocketAddress;

/**
 * Aeron's unicast flow control, with what a sender may send past the receiver's last status message held to a
 * quarter of the publication's term, whatever window the receiver offers.
 *
 * <p>Why: Aeron's sender ignores a status message whose position lies more than half a term from its own
 * ({@code NetworkPublication.isValidStatusMessage}), and a publication that has had no valid one for the connection
 * timeout (5 s) counts no receivers and is no longer connected. The receiver's default window is 128 KiB, exactly
 * half the large-message stream's 256 KiB term, so a sender that runs its whole window ahead of a receiver that
 * reads nothing (a process at its mailbox limit pauses the reading) sits on that edge. After a datagram was lost
 * and sent again, the stalled receiver's status messages fell just past it: the driver counted them rejected
 * ("Status Messages rejected", five a second), the large stream dropped out 5 s into the stall, and a frame that
 * fell back to the data stream was lost (HostilePeerTest's stalled consumer, in about one run in ten with an invoked
 * driver, whose socket reads pause long enough to lose datagrams on loopback). The data and control streams, whose
 * 512 KiB terms put the same window at a quarter, never showed it; neither did the large stream with a 512 KiB term
 * (45 runs), nor with this cap. For those streams the cap is the window the receiver offers anyway.
 *
 * <p>Threading: the media driver's sender.
 */
final class QuarterTermFlowControl extends UnicastFlowControl {
    private int maxWindow = Integer.MAX_VALUE;

    @Override
    public void initialize(MediaDriver.Context context, CountersManager countersManager, UdpChannel udpChannel,
                           int streamId, int sessionId, long registrationId, int initialTermId,
                           int termBufferLength) {
        super.initialize(context, countersManager, udpChannel, streamId, sessionId, registrationId, initialTermId,
            termBufferLength);
        maxWindow = termBufferLength / 4;
    }

    @Override
    public long onStatusMessage(StatusMessageFlyweight flyweight, InetSocketAddress receiverAddress,
                                long senderLimit, int initialTermId, int positionBitsToShift, long timeNs) {
        long position = LogBufferDescriptor.computePosition(flyweight.consumptionTermId(),
            flyweight.consumptionTermOffset(), positionBitsToShift, initialTermId);
        return Math.max(senderLimit, position + Math.min(flyweight.receiverWindowLength(), maxWindow));
    }
}
