package io.spore.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code spore node --manager ADDR} in a JVM of its own, for {@link NodeManagerTest}: it takes the
 * same arguments, connects back with {@link NodeAgent}, and answers with a fake node that "installs" by remembering
 * the file name. {@code --fail-with TEXT} prints TEXT and exits 3 instead; {@code --wait-for FILE} waits until FILE
 * exists before connecting.
 */
public final class FakeNodeMain {
    private FakeNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = null;
        String manager = null;
        boolean detached = false;
        List<String> allow = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--name" -> name = args[++i];
                case "--manager" -> manager = args[++i];
                case "--detached" -> detached = true;
                case "--allow-bundle-install" -> allow.add(args[++i]);
                case "--wait-for" -> {
                    // Lets a test act before this node connects back.
                    java.nio.file.Path file = java.nio.file.Path.of(args[++i]);
                    long deadlineNs = System.nanoTime() + 10_000_000_000L;
                    while (!java.nio.file.Files.exists(file) && System.nanoTime() < deadlineNs) {
                        Thread.sleep(10);
                    }
                }
                case "--fail-with" -> {
                    System.out.println(args[++i]);
                    System.exit(3);
                }
                default -> {
                    // "node" and anything else: ignored.
                }
            }
        }
        String token = NodeAgent.readToken(System.in);
        CountDownLatch end = new CountDownLatch(1);
        List<String> installed = new ArrayList<>();
        NodeAgent.Node node = new NodeAgent.Node() {
            @Override
            public void ping() {
            }

            @Override
            public String installBundle(String fileName, byte[] jar, String requester) {
                installed.add(fileName);
                return "installed " + fileName + " (" + jar.length + " bytes)";
            }

            @Override
            public List<String> factories() {
                return List.copyOf(installed);
            }

            @Override
            public String spawnRegister(String factory, String register) {
                throw new IllegalArgumentException("no factory " + factory);
            }

            @Override
            public void shutdown() {
                end.countDown();
            }

            @Override
            public void creatorGone(String reason) {
                System.out.println("creator gone: " + reason);
                end.countDown();
            }
        };
        NodeAgent agent = NodeAgent.connect(HostPort.parse(manager), token, name, 4242, detached, Set.copyOf(allow),
            node, line -> System.out.println("log: " + line));
        agent.watchStandardInput(System.in);
        System.out.println("fake node " + name + " up");
        end.await();
        System.exit(0);
    }
}
