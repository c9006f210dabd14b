package io.spore.benchmarks;

/**
 * Arguments every benchmark fork gets, for {@code @Fork(jvmArgsAppend = {...})}.
 *
 * <p>Agrona 2.x reaches {@code jdk.internal.misc.Unsafe}; a fork that may load it (any that loads the transport)
 * needs these opens, so every benchmark class uses them from the start rather than failing later.
 */
final class ForkJvm {
    static final String OPEN_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String OPEN_ZIP = "--add-opens=java.base/java.util.zip=ALL-UNNAMED";

    private ForkJvm() {
    }
}
