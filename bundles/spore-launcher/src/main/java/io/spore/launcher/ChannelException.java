package io.spore.launcher;

import java.io.IOException;

/**
 * The node-manager channel was refused or closed for a reason worth a log line: a handshake that did not prove the
 * token, a protocol version this side does not speak, a frame longer than its bound, a record that failed to open,
 * repeated or went backwards. The message is that one line; the channel is unusable afterwards.
 */
class ChannelException extends IOException {
    private static final long serialVersionUID = 1L;

    ChannelException(String reason) {
        super(reason);
    }

    ChannelException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
