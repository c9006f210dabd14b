package io.spore.launcher;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;

/**
 * Who is on the other end of a Unix domain socket: the kernel's peer credentials ({@code SO_PEERCRED} on Linux),
 * which JDK 16 and later expose as {@link ExtendedSocketOptions#SO_PEERCRED}. A peer cannot fake them: they are
 * the credentials it had when it connected.
 */
final class PeerCredentials {
    private PeerCredentials() {
    }

    /**
     * @return the peer's user
     * @throws IOException when the platform does not report peer credentials
     */
    static UserPrincipal userOf(SocketChannel channel) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return principal.user();
    }
}
