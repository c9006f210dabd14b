package io.spore.distribution.probebundle;

import io.spore.api.Caller;
import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.Name;
import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.ProcessOptions;
import io.spore.api.ReplyHandler;
import io.spore.api.SporeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A process that tests drive through a node's shell ({@code spore:call PID WORDS…}, which sends the words as one
 * string) to do what the shell cannot: put a pid inside a message, monitor, call without blocking, register a name.
 * Everything that happens to it is kept as an event line, with the wall-clock time in milliseconds where a test
 * measures a delay, and {@code events} answers them all.
 *
 * <p>Requests:
 * <ul>
 *   <li>{@code ask PID TEXT…}: sends {@code [self, TEXT]} to PID (an echo answers TEXT to self)</li>
 *   <li>{@code send PID TEXT…}: sends TEXT to PID; {@code sendnamed NAME NODE TEXT…} to a name on a node</li>
 *   <li>{@code monitor PID}: monitors PID; its {@link Down} becomes {@code down PID REASON at MILLIS}</li>
 *   <li>{@code link PID}: traps exits and links to PID; an exit signal becomes {@code exit PID REASON at MILLIS}</li>
 *   <li>{@code call PID TEXT…}: calls PID without blocking, for up to 60 s; the outcome becomes
 *       {@code reply VALUE} or {@code failed REASON at MILLIS}</li>
 *   <li>{@code hold}: never answered (a call that stays pending until its caller gives up or its node goes)</li>
 *   <li>{@code register NAME}: registers this process as NAME</li>
 *   <li>{@code stream PID N}: sends the numbers 0 to N-1 to PID, a chunk per turn so the probe keeps answering;
 *       a send refused for back-pressure is tried again next turn. Ends with the event
 *       {@code streamed N at MILLIS}, or {@code stream failed REASON after K} for another refusal; {@code stop}
 *       ends it where it is: {@code stopped at K}, K the numbers it sent</li>
 *   <li>{@code tally}: what arrived of a stream: {@code next=N anomalies=M received=R}, where N is the next number
 *       expected, M counts numbers that came out of order or twice, and R all numbers (numbers are not events)</li>
 *   <li>{@code flood PID}: sends {@code tick} to PID in bursts, skipping sends that fail, until PID is down (a
 *       producer that keeps a connection busy, and stops when its consumer is gone); {@code ticks}: how many
 *       {@code tick} messages this probe received</li>
 *   <li>{@code spawnloop NODE FACTORY}: tries to spawn FACTORY on NODE (1 s timeout each) until it works, which
 *       becomes {@code spawned PID at MILLIS}</li>
 *   <li>{@code events}: every event so far, joined by {@code " | "}; anything else: {@code "?"}</li>
 * </ul>
 * Messages that arrive become {@code message TEXT}, except numbers (see {@code tally}) and {@code tick}, which are
 * only counted.
 */
public final class Probe implements ProcessBehavior {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** Numbers a stream sends per turn before the probe sends itself the rest. */
    private static final int CHUNK = 1000;
    private static final String CONTINUE = "stream:continue";
    private static final String FLOOD = "flood:burst";
    private static final String SPAWN = "spawnloop:attempt";
    /** Ticks a flood sends per turn. */
    private static final int BURST = 200;

    private final List<String> events = new ArrayList<>();
    private Pid streamTo;
    private int streamNext;
    private int streamEnd;
    private long tallyNext;
    private long tallyAnomalies;
    private long tallyReceived;
    private Pid floodTo;
    private long ticks;
    private NodeName spawnNode;
    private Name spawnFactory;

    @Override
    public void handleMessage(ProcessContext context, Pid from, Object message) {
        if (message instanceof Integer number) {
            tallyReceived++;
            if (number == tallyNext) {
                tallyNext++;
            } else {
                tallyAnomalies++;
            }
        } else if ("tick".equals(message)) {
            ticks++;
        } else if (CONTINUE.equals(message)) {
            streamChunk(context);
        } else if (FLOOD.equals(message) && from.equals(context.self())) {
            floodBurst(context);
        } else if (SPAWN.equals(message) && from.equals(context.self())) {
            trySpawn(context);
        } else if (message instanceof Exit exit) {
            events.add("exit " + exit.from() + " " + exit.reason() + " at " + System.currentTimeMillis());
        } else if (message instanceof Down down) {
            if (down.pid().equals(floodTo)) {
                floodTo = null; // its consumer is gone: the flood ends
            }
            events.add("down " + down.pid() + " " + down.reason() + " at " + System.currentTimeMillis());
        } else {
            events.add("message " + message);
        }
    }

    @Override
    public Object handleCall(ProcessContext context, Caller caller, Object request) {
        String[] words = String.valueOf(request).split(" ");
        String rest = String.join(" ", Arrays.asList(words).subList(Math.min(2, words.length), words.length));
        switch (words[0]) {
            case "ask" -> {
                context.send(Pid.parse(pid(words[1])), List.of(context.self(), rest));
                return "asked";
            }
            case "send" -> {
                context.send(Pid.parse(pid(words[1])), rest);
                return "sent";
            }
            case "sendnamed" -> {
                String text = String.join(" ", Arrays.asList(words).subList(3, words.length));
                context.send(Name.of(words[1]), NodeName.parse(words[2]), text);
                return "sent";
            }
            case "monitor" -> {
                context.monitor(Pid.parse(pid(words[1])));
                return "monitoring";
            }
            case "link" -> {
                context.trapExits(true);
                context.link(Pid.parse(pid(words[1])));
                return "linked";
            }
            case "call" -> {
                context.call(Pid.parse(pid(words[1])), rest, CALL_TIMEOUT, new ReplyHandler() {
                    @Override
                    public void onReply(Object reply) {
                        events.add("reply " + reply);
                    }

                    @Override
                    public void onError(SporeException error) {
                        events.add("failed " + error.reason() + " at " + System.currentTimeMillis());
                    }
                });
                return "calling";
            }
            case "stream" -> {
                streamTo = Pid.parse(pid(words[1]));
                streamNext = 0;
                streamEnd = Integer.parseInt(words[2]);
                context.send(context.self(), CONTINUE);
                return "streaming";
            }
            case "stop" -> {
                streamEnd = Math.min(streamEnd, streamNext);
                return "stopped at " + streamEnd;
            }
            case "tally" -> {
                return "next=" + tallyNext + " anomalies=" + tallyAnomalies + " received=" + tallyReceived;
            }
            case "flood" -> {
                floodTo = Pid.parse(pid(words[1]));
                context.monitor(floodTo);
                context.send(context.self(), FLOOD);
                return "flooding";
            }
            case "ticks" -> {
                return Long.toString(ticks);
            }
            case "spawnloop" -> {
                spawnNode = NodeName.parse(words[1]);
                spawnFactory = Name.of(words[2]);
                context.send(context.self(), SPAWN);
                return "spawning";
            }
            case "hold" -> {
                return ProcessContext.NO_REPLY;
            }
            case "register" -> {
                context.register(Name.of(words[1]));
                return "registered";
            }
            case "events" -> {
                return events.isEmpty() ? "(none)" : String.join(" | ", events);
            }
            default -> {
                return "?";
            }
        }
    }

    private void streamChunk(ProcessContext context) {
        int until = Math.min(streamEnd, streamNext + CHUNK);
        try {
            while (streamNext < until) {
                context.send(streamTo, streamNext);
                streamNext++;
            }
        } catch (SporeException e) {
            if (e.reason() != SporeException.Reason.BACK_PRESSURED) {
                events.add("stream failed " + e.reason() + " after " + streamNext);
                return;
            }
        }
        if (streamNext < streamEnd) {
            context.send(context.self(), CONTINUE);
        } else {
            events.add("streamed " + streamEnd + " at " + System.currentTimeMillis());
        }
    }

    private void floodBurst(ProcessContext context) {
        if (floodTo == null) {
            return;
        }
        try {
            for (int i = 0; i < BURST; i++) {
                context.send(floodTo, "tick");
            }
        } catch (SporeException refused) {
            pause(); // back-pressured or still connecting: the next burst tries again
        }
        context.send(context.self(), FLOOD);
    }

    private void trySpawn(ProcessContext context) {
        try {
            Pid child = context.remoteSpawn(spawnNode, spawnFactory,
                ProcessOptions.DEFAULTS.withSpawnTimeout(Duration.ofSeconds(1)));
            events.add("spawned " + child + " at " + System.currentTimeMillis());
        } catch (SporeException notYet) {
            pause();
            context.send(context.self(), SPAWN);
        }
    }

    /** A node that refuses at once must not make a loop of messages to self a busy loop. */
    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pids come from the shell without their brackets, which Gogo would read as redirections. */
    private static String pid(String word) {
        return word.startsWith("<") ? word : "<" + word + ">";
    }
}
