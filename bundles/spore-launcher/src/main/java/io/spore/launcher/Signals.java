package io.spore.launcher;

/**
 * Reads a Java exit value the POSIX way. The JDK reports a process that a signal ended as {@code 128 + signal}
 * (as shells do), so a value above 128 is read as a signal; a program that itself exits with 129 or more is
 * indistinguishable, as in sh.
 */
public final class Signals {
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private Signals() {
    }

    /** @return the signal's name ({@code TERM}) for an exit value above 128, else {@code null} */
    public static String signalOf(int exitValue) {
        if (exitValue <= 128 || exitValue > 128 + 64) {
            return null;
        }
        int signal = exitValue - 128;
        return signal < NAMES.length ? NAMES[signal] : "SIG" + signal;
    }

    /** @return the exit status, or {@code null} when a signal ended the process */
    public static Integer exitCodeOf(int exitValue) {
        return signalOf(exitValue) == null ? exitValue : null;
    }
}
