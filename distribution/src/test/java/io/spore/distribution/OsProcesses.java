package io.spore.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests ask about OS processes that are not their children. */
final class OsProcesses {
    private OsProcesses() {
    }

    /**
     * @return whether the process still runs. A zombie does not: it has exited and only waits for its parent to
     *         reap it, and an orphan's new parent (the container's init here) may take more than a second to do so.
     */
    static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | IndexOutOfBoundsException e) {
            // Gone between the two looks.
            return false;
        }
    }
}
