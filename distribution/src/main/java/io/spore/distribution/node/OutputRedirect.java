package io.spore.distribution.node;

import io.spore.distribution.framework.ActionableException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Lets a node move its standard output and error to a file while it runs: installed before anything prints (so that
 * picocli's writer and the logging handler, which keep the stream they first see, keep this one), it writes to the
 * original streams until {@link #switchTo(Path)}. A detached node started by a node manager uses it: the creator
 * sees how it starts, the file what it says after the creator has let it go.
 */
final class OutputRedirect {
    private final Target out;
    private final Target err;

    private OutputRedirect(Target out, Target err) {
        this.out = out;
        this.err = err;
    }

    /** Replaces {@code System.out} and {@code System.err} with switchable streams over the current ones. */
    static OutputRedirect install() {
        Target out = new Target(System.out);
        Target err = new Target(System.err);
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        return new OutputRedirect(out, err);
    }

    /**
     * From now on both streams append to {@code file} (its folder is created, mode 0700 when new, where the file
     * system has POSIX permissions).
     *
     * @throws ActionableException when the folder cannot be made or the file cannot be opened
     */
    void switchTo(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            FileOutputStream log = new FileOutputStream(file.toFile(), true);
            out.target = log;
            err.target = log;
        } catch (IOException e) {
            throw new ActionableException("cannot write the node's log to " + file + ": " + e.getMessage(), e);
        }
    }

    /** An output stream whose destination can change; writes are serialised with the change. */
    private static final class Target extends OutputStream {
        private volatile OutputStream target;

        Target(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() throws IOException {
            target.flush();
        }
    }
}
