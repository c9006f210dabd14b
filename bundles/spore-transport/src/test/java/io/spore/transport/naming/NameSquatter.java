package io.spore.transport.naming;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A process of another Unix user that holds the cluster's cookie and wants a name a node of ours has: it speaks the
 * name service protocol on its own (JDK classes only, so that user needs nothing of the checkout but this class) and
 * sends each line of its standard input as a request, printing {@code reply: ...} for each answer (MAC removed).
 * Prints {@code ready} once the cookie is proven both ways.
 *
 * <p>Arguments: the name service port, the cookie; or the port and {@code flood N}, to open N connections from
 * 127.0.0.1 that say nothing, print {@code flooded N}, and hold them until standard input closes.
 */
public final class NameSquatter {
    private NameSquatter() {
    }

    /**
     * @param args the port and the cookie
     * @throws Exception when the name service cannot be reached; the test reads the trace
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args[1].equals("flood")) {
            flood(port, Integer.parseInt(args[2]));
            return;
        }
        byte[] cookie = args[1].getBytes(StandardCharsets.UTF_8);
        HexFormat hex = HexFormat.of();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String[] greeting = in.readLine().split(" ");
            byte[] serverNonce = hex.parseHex(greeting[2]);
            byte[] clientNonce = new byte[32];
            new SecureRandom().nextBytes(clientNonce);
            send(out, "HELLO " + hex.formatHex(clientNonce) + " "
                + hex.formatHex(mac(cookie, "spore-names-client-v1", serverNonce, clientNonce)));
            String welcome = in.readLine();
            String expected = "WELCOME " + hex.formatHex(mac(cookie, "spore-names-server-v1", serverNonce,
                clientNonce));
            System.out.println(expected.equals(welcome) ? "ready" : "server unproven: " + welcome);
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String request = commands.readLine(); request != null; request = commands.readLine()) {
                send(out, request);
                String reply = in.readLine();
                if (reply == null) {
                    System.out.println("closed");
                    return;
                }
                System.out.println("reply: " + reply.substring(0, Math.max(0, reply.lastIndexOf(' '))));
                System.out.flush();
            }
        }
    }

    private static void flood(int port, int count) throws Exception {
        java.util.List<Socket> held = new java.util.ArrayList<>();
        try {
            long deadlineNs = System.nanoTime() + 60_000_000_000L;
            for (int i = 0; i < count && System.nanoTime() - deadlineNs < 0; i++) {
                Socket socket = new Socket();
                held.add(socket);
                socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            System.out.println("flooded " + held.size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the connections until the test closes our input
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static byte[] mac(byte[] cookie, String label, byte[] serverNonce, byte[] clientNonce) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(cookie, "HmacSHA256"));
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        return mac.doFinal(ByteBuffer.allocate(labelBytes.length + 64).put(labelBytes).put(serverNonce)
            .put(clientNonce).array());
    }
}
