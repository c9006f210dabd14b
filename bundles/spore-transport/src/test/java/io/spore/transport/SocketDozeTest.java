package io.spore.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's doze on its sockets, with real UDP sockets on loopback. */
class SocketDozeTest {
    private static final long LONG_DOZE_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    @Timeout(20)
    void aDatagramEndsTheDozeAndTheDatagramIsStillThereToRead() throws Exception {
        try (SocketDoze doze = new SocketDoze();
             DatagramChannel socket = DatagramChannel.open();
             DatagramChannel peer = DatagramChannel.open()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            doze.register(socket);
            CompletableFuture<Integer> dozed = CompletableFuture.supplyAsync(() -> doze.doze(LONG_DOZE_NS));
            Thread.sleep(100); // the doze has begun, most likely; if not, it finds the datagram ready at once
            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), socket.getLocalAddress());
            assertEquals(1, dozed.get(10, TimeUnit.SECONDS), "the socket with the datagram was ready");
            ByteBuffer read = ByteBuffer.allocate(16);
            assertTrue(socket.receive(read) != null, "the doze only waits; the driver reads the datagram");
            assertEquals(3, read.position());
        }
    }

    @Test
    @Timeout(20)
    void aWakeEndsTheDozeAndOneBeforeItEndsTheNextAtOnce() throws Exception {
        try (SocketDoze doze = new SocketDoze()) {
            CompletableFuture<Integer> dozed = CompletableFuture.supplyAsync(() -> doze.doze(LONG_DOZE_NS));
            Thread.sleep(100);
            doze.wake(null);
            assertEquals(0, dozed.get(10, TimeUnit.SECONDS));
            doze.wake(null); // before the doze: kept, as an unpark is
            assertEquals(0, CompletableFuture.supplyAsync(() -> doze.doze(LONG_DOZE_NS)).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(20)
    void aDeregisteredOrClosedSocketNoLongerEndsADoze() throws Exception {
        try (SocketDoze doze = new SocketDoze();
             DatagramChannel socket = DatagramChannel.open();
             DatagramChannel peer = DatagramChannel.open()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            doze.register(socket);
            doze.deregister(socket);
            peer.send(ByteBuffer.wrap(new byte[] {1}), socket.getLocalAddress());
            long start = System.nanoTime();
            assertEquals(0, doze.doze(TimeUnit.MILLISECONDS.toNanos(200)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "dozed its length");
            doze.register(null); // an endpoint without a socket of its own: nothing to watch, no error
        }
    }
}
