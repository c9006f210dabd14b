package io.spore.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, {@code 10.231.N.1} in the first and {@code 10.231.N.2} in the
 * second: two "hosts" for a test, made with {@code ip netns} (root, or CAP_NET_ADMIN and CAP_SYS_ADMIN). Unix
 * sockets named by a path are not per namespace, so a launcher socket in a temporary folder is reachable from both.
 * {@link #close()} deletes both namespaces, and the veth pair with them.
 */
public final class NamespacePair implements AutoCloseable {
    /** The first namespace's name, for {@link #in(String)}. */
    public final String nsA;
    /** The second namespace's name. */
    public final String nsB;
    /** The first namespace's address on the veth pair. */
    public final String addressA;
    /** The second namespace's address on the veth pair. */
    public final String addressB;
    private final List<String> created = new ArrayList<>();
    private String vethA;
    private String vethB;

    private NamespacePair(String tag, int subnet) {
        long pid = ProcessHandle.current().pid();
        this.nsA = "spore-" + tag + "-a-" + pid;
        this.nsB = "spore-" + tag + "-b-" + pid;
        this.addressA = "10.231." + subnet + ".1";
        this.addressB = "10.231." + subnet + ".2";
    }

    /**
     * @param tag    a short word that keeps this test's namespaces apart from others'
     * @param subnet the third octet of the private /24 to use, distinct per test
     * @return the pair, or {@code null} with the reason printed when namespaces cannot be made here
     */
    public static NamespacePair create(String tag, int subnet, StringBuilder whyNot)
        throws IOException, InterruptedException {
        NamespacePair pair = new NamespacePair(tag, subnet);
        String refused = run("ip", "netns", "add", pair.nsA);
        if (refused != null) {
            whyNot.append(refused);
            return null;
        }
        pair.created.add(pair.nsA);
        try {
            require("ip", "netns", "add", pair.nsB);
            pair.created.add(pair.nsB);
            long pid = ProcessHandle.current().pid() % 100_000;
            String vethA = "v" + tag.charAt(0) + "a" + pid;
            String vethB = "v" + tag.charAt(0) + "b" + pid;
            pair.vethA = vethA;
            pair.vethB = vethB;
            require("ip", "link", "add", vethA, "netns", pair.nsA, "type", "veth", "peer", "name", vethB, "netns",
                pair.nsB);
            require("ip", "-n", pair.nsA, "addr", "add", pair.addressA + "/24", "dev", vethA);
            require("ip", "-n", pair.nsB, "addr", "add", pair.addressB + "/24", "dev", vethB);
            for (String[] end : new String[][] {{pair.nsA, vethA}, {pair.nsB, vethB}}) {
                require("ip", "-n", end[0], "link", "set", end[1], "up");
                require("ip", "-n", end[0], "link", "set", "lo", "up");
            }
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** @return the prefix that runs a command in namespace {@code ns} */
    public static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /**
     * @return why packets cannot be dropped here ({@code iptables} missing or refused in the first namespace), or
     *         {@code null} when {@link #loss}, {@link #cut} and {@link #heal} work
     */
    public String whyNoFaults() throws IOException, InterruptedException {
        return run("ip", "netns", "exec", nsA, "iptables", "-L", "INPUT", "-n");
    }

    /**
     * Drops each packet that arrives on either end of the veth pair at random with {@code probability}: loss on both
     * directions, as {@code netem} would make it (this kernel has none). Adds to drops already in place.
     */
    public void loss(double probability) throws IOException, InterruptedException {
        for (String[] end : ends()) {
            require("ip", "netns", "exec", end[0], "iptables", "-A", "INPUT", "-i", end[1], "-m", "statistic",
                "--mode", "random", "--probability", Double.toString(probability), "-j", "DROP");
        }
    }

    /** Drops every packet that arrives on either end of the veth pair: the hosts cannot reach each other. */
    public void cut() throws IOException, InterruptedException {
        for (String[] end : ends()) {
            require("ip", "netns", "exec", end[0], "iptables", "-I", "INPUT", "-i", end[1], "-j", "DROP");
        }
    }

    /** Removes every drop {@link #loss} and {@link #cut} put in place. */
    public void heal() throws IOException, InterruptedException {
        for (String[] end : ends()) {
            require("ip", "netns", "exec", end[0], "iptables", "-F", "INPUT");
        }
    }

    private String[][] ends() {
        return new String[][] {{nsA, vethA}, {nsB, vethB}};
    }

    /** Deletes the namespaces; one that cannot be deleted is reported on standard error. */
    @Override
    public void close() throws IOException {
        boolean interrupted = false;
        for (String ns : created) {
            String failed;
            try {
                failed = run("ip", "netns", "del", ns);
            } catch (InterruptedException e) {
                interrupted = true; // delete the others all the same, then keep the interrupt
                failed = "interrupted";
            }
            if (failed != null) {
                System.err.println("could not delete network namespace " + ns + ": " + failed);
            }
        }
        created.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void require(String... command) throws IOException, InterruptedException {
        String failed = run(command);
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** @return {@code null} when the command succeeded, else what it printed and its status */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + ": no answer in 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " (status " + process.exitValue() + "): "
            + output;
    }
}
