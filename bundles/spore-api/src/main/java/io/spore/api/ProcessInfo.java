package io.spore.api;

/**
 * A snapshot of one process, for tools ({@code spore:ps}, JMX). Values may be stale by the time they are read.
 *
 * @param pid           the process
 * @param registeredName its registered name, or {@code null}
 * @param factory       the spawn name it was created from, or {@code null}
 * @param parent        its parent
 * @param application   its application, or {@code null}
 * @param mailboxLength messages waiting in its mailbox
 * @param state         where it is in its life
 */
public record ProcessInfo(Pid pid, Name registeredName, Name factory, Pid parent, String application,
                          int mailboxLength, ProcessState state) {
}
