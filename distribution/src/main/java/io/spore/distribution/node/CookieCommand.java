package io.spore.distribution.node;

import io.spore.api.SporeException;
import io.spore.distribution.framework.ActionableException;
import io.spore.transport.security.CookieFile;
import io.spore.transport.security.CookieStrength;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spore cookie}: makes a cluster's cookie file, or checks one. The file every node of a cluster reads to prove
 * it belongs (as Erlang's {@code ~/.erlang.cookie}); a node refuses a weak one at start, and this is how to make a
 * strong one.
 */
@Command(name = "cookie", mixinStandardHelpOptions = true,
    description = {"Make or check the cookie file that nodes of a cluster share.",
        "With --generate: writes 32 random bytes (mode 0600, folder 0700) to the file, ~/.spore/cookie by default,"
            + " and refuses to replace an existing one without --force (every node using it would be locked out"
            + " until it gets the new one). Without it: says whether the file's cookie is strong enough."})
public final class CookieCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--generate", description = "Write a new random cookie.")
    boolean generate;

    @Option(names = {"--file", "-f"}, paramLabel = "FILE", description = "The cookie file (default ~/.spore/cookie).")
    Path file;

    @Option(names = "--force", description = "With --generate, replace an existing file.")
    boolean force;

    @Override
    public Integer call() {
        Path target = file != null ? file : CookieFile.defaultPath();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (generate) {
                CookieFile.generate(target, force);
                out.println("wrote a new cookie to " + target + " (mode 0600); give the same file to every node of"
                    + " the cluster");
            } else {
                CookieFile.load(target);
                out.println(target + " holds a strong cookie (at least " + CookieStrength.MIN_BITS + " bits)");
            }
        } catch (SporeException e) {
            throw new ActionableException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ActionableException(e.getMessage());
        }
        out.flush();
        return 0;
    }
}
