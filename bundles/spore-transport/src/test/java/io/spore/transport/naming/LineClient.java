package io.spore.transport.naming;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw connection to a name server, for speaking the protocol (and abusing it) in tests. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    String ask(String request) throws IOException {
        sendRaw(request + "\n");
        return readLine();
    }

    void sendRaw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** @return the next line, or null once the server closed the connection */
    String readLine() throws IOException {
        return NameServiceProtocol.readLine(in, NameServiceProtocol.MAX_REPLY_LENGTH);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
