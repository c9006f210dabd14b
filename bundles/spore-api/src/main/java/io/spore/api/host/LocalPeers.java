package io.spore.api.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Tells which Unix user holds the other end of a TCP connection that comes from this host, from the kernel's socket
 * tables {@code /proc/net/tcp} and {@code /proc/net/tcp6}: the line whose local address is the peer's and whose
 * remote address is ours is the peer's socket, and its {@code uid} column is its owner. TCP has no
 * {@code SO_PEERCRED}; this is what {@code ss -tnpe} and identd read.
 *
 * <p>The tables are those of this process's network namespace, which is also the only one whose sockets can reach a
 * loopback port of it. Threading: stateless after construction, safe from any thread.
 */
public final class LocalPeers {
    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");
    private static final Path SELF = Path.of("/proc/self");

    private final List<Path> tables;
    private final int ownUid;

    LocalPeers(List<Path> tables, int ownUid) {
        this.tables = List.copyOf(tables);
        this.ownUid = ownUid;
    }

    /**
     * @return the peers of this host as the kernel lists them, or {@code null} where there is no {@code /proc} to
     *         read them from (not Linux)
     */
    public static LocalPeers system() {
        if (!Files.isReadable(TCP) || !Files.isDirectory(SELF)) {
            return null;
        }
        Object uid = PrivateFiles.uid(SELF);
        return uid instanceof Integer own
            ? new LocalPeers(Files.isReadable(TCP6) ? List.of(TCP, TCP6) : List.of(TCP), own) : null;
    }

    /** @return the uid this process runs as */
    public int ownUid() {
        return ownUid;
    }

    /**
     * @param peer the remote end of an accepted connection
     * @return whether {@code peer} is an address of this host (loopback or one of its interfaces), so that its
     *         socket must be in this host's tables
     */
    public static boolean isThisHost(InetAddress peer) {
        if (peer.isLoopbackAddress() || peer.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(peer) != null;
        } catch (SocketException e) {
            return true; // cannot tell: treat it as local, whose owner must then be found
        }
    }

    /**
     * @param peer  the remote end of an accepted connection
     * @param local this end of it
     * @return the uid that owns the peer's socket, or empty when no socket of this host has that address
     * @throws IOException when a table cannot be read
     */
    public OptionalInt ownerOf(InetSocketAddress peer, InetSocketAddress local) throws IOException {
        for (Path table : tables) {
            OptionalInt uid = ownerOf(Files.readAllLines(table), peer, local);
            if (uid.isPresent()) {
                return uid;
            }
        }
        return OptionalInt.empty();
    }

    /**
     * @param lines the lines of one socket table, its header included
     * @return the uid of the line whose local end is {@code peer} and whose remote end is {@code local}
     */
    static OptionalInt ownerOf(List<String> lines, InetSocketAddress peer, InetSocketAddress local) {
        for (String line : lines) {
            String[] columns = line.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            if (columns.length < 8 || !columns[0].endsWith(":")) {
                continue;
            }
            InetSocketAddress from = endpoint(columns[1]);
            InetSocketAddress to = endpoint(columns[2]);
            if (peer.equals(from) && local.equals(to)) {
                try {
                    return OptionalInt.of(Integer.parseInt(columns[7]));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Reads {@code ADDRESS:PORT} as the kernel prints it: the port in hex, the address as 32-bit words in hex, each
     * in the host's byte order. An IPv4-mapped IPv6 address (a dual-stack socket, Java's default) comes back as the
     * IPv4 address, as {@link java.net.Socket#getInetAddress()} gives it.
     *
     * @return the endpoint, or {@code null} when the text is not one
     */
    static InetSocketAddress endpoint(String text) {
        int colon = text.indexOf(':');
        if (colon < 0 || (colon != 8 && colon != 32)) {
            return null;
        }
        try {
            byte[] address = new byte[colon / 2];
            for (int word = 0; word < address.length / 4; word++) {
                long value = Long.parseLong(text.substring(word * 8, word * 8 + 8), 16);
                for (int i = 0; i < 4; i++) {
                    int shift = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (3 - i);
                    address[word * 4 + i] = (byte) (value >>> shift);
                }
            }
            int port = Integer.parseInt(text.substring(colon + 1), 16);
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (NumberFormatException | UnknownHostException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
