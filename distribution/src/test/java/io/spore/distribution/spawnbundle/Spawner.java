package io.spore.distribution.spawnbundle;

import io.spore.api.Caller;
import io.spore.api.LogLevel;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.SporeException;

import java.util.Arrays;

/**
 * Spawns on other nodes with {@link ProcessContext#remoteSpawn} when called, so a test drives remote spawns through
 * a node's shell. Calls (words separated by spaces):
 * <ul>
 *   <li>{@code spawn NODE FACTORY [ARGS…]}: answers the child's pid (without brackets) or
 *       {@code failed REASON: message}</li>
 *   <li>{@code spawnreg NODE NAME FACTORY}: the same, registering the child as NAME</li>
 *   <li>{@code child APP}: spawns a local spawner of application APP, log level DEBUG and env region=eu; answers
 *       its pid</li>
 *   <li>{@code info}: what this process inherited, as {@link Inspector} says it</li>
 * </ul>
 */
public final class Spawner implements ProcessBehavior {
    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
    }

    @Override
    public Object handleCall(ProcessContext ctx, Caller caller, Object request) {
        String[] words = String.valueOf(request).trim().split(" +");
        try {
            switch (words[0]) {
                case "spawn" -> {
                    Object[] args = Arrays.copyOfRange(words, 3, words.length);
                    return Inspector.bare(ctx.remoteSpawn(NodeName.parse(words[1]), Name.of(words[2]),
                        ProcessOptions.DEFAULTS, args));
                }
                case "spawnreg" -> {
                    return Inspector.bare(ctx.remoteSpawnRegister(NodeName.parse(words[1]), Name.of(words[3]),
                        Name.of(words[2]), ProcessOptions.DEFAULTS));
                }
                case "child" -> {
                    return Inspector.bare(ctx.spawn(Name.of("spawner"), ProcessOptions.DEFAULTS
                        .withApplication(words[1]).withLogLevel(LogLevel.DEBUG).withEnv("region", "eu")));
                }
                case "info" -> {
                    return "parent=" + Inspector.bare(ctx.parent()) + " application=" + ctx.application()
                        + " level=" + ctx.logLevel() + " env=" + ctx.env();
                }
                default -> {
                    return "unknown request: " + request;
                }
            }
        } catch (SporeException e) {
            return "failed " + e.reason() + ": " + e.getMessage();
        }
    }
}
