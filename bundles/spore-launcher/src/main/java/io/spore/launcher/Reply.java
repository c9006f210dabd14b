package io.spore.launcher;

import java.util.List;

/**
 * The daemon's answer to one {@link Request}, one JSON line: {@code ok} and a message, or not {@code ok} and a
 * one-line error that says what to do.
 *
 * @param ok          whether the request was carried out
 * @param error       why not, when not
 * @param message     what was done, for the user, possibly several lines
 * @param processes   for {@code list}: every program the daemon knows, running or ended
 * @param log         for {@code logs}: the last output of the program
 * @param subscribers for {@code subscribers}: every registered subscriber
 */
public record Reply(boolean ok, String error, String message, List<ProcessView> processes, String log,
                    List<Subscription> subscribers) {
    /** @return a success with a message */
    public static Reply done(String message) {
        return new Reply(true, null, message, null, null, null);
    }

    /** @return a failure with its one-line reason */
    public static Reply failed(String error) {
        return new Reply(false, error, null, null, null, null);
    }
}
