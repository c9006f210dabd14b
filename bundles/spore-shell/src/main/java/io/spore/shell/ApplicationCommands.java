package io.spore.shell;

import io.spore.api.Pid;
import io.spore.api.SporeException;
import io.spore.api.supervisor.ChildStatus;
import io.spore.core.spi.ApplicationInfo;
import io.spore.core.spi.Applications;
import io.spore.core.spi.SupervisedChild;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;

/**
 * The Gogo commands {@code spore:apps} and {@code spore:tree}, run against the core's {@link Applications} service:
 * the applications bundles declare, and their supervision trees. Like {@link SporeCommands}, a command never throws:
 * a failure is one line {@code <command> failed: <reason>}.
 */
public final class ApplicationCommands {
    /** The command names, which are also the method names Gogo invokes. */
    static final String[] FUNCTIONS = {"apps", "tree"};

    private final Supplier<Applications> applications;

    /** @param applications the core's service, or {@code null} when no node is up */
    ApplicationCommands(Supplier<Applications> applications) {
        this.applications = applications;
    }

    @Descriptor("list the applications: NAME, STATE, START-TYPE, ROOT (its root supervisor), BUNDLE, DETAIL")
    public void apps() {
        run("apps", service -> {
            List<ApplicationInfo> all = service.applications();
            if (all.isEmpty()) {
                out().println("no applications (a bundle declares one with a Spore-Application manifest header)");
                return;
            }
            Table table = new Table().row("NAME", "STATE", "START-TYPE", "ROOT", "BUNDLE", "DETAIL");
            for (ApplicationInfo app : all) {
                table.row(app.name(), app.state(), app.startType().headerValue(),
                    app.root() == null ? null : Target.print(app.root()), app.bundle(),
                    app.detail().isEmpty() ? null : app.detail());
            }
            table.print(out());
        });
    }

    @Descriptor("show every application's supervision tree: each child's pid, type, restart type, restarts, last exit")
    public void tree() {
        run("tree", service -> {
            List<ApplicationInfo> running = service.applications().stream().filter(app -> app.root() != null)
                .toList();
            if (running.isEmpty()) {
                out().println("no application is running (spore:apps lists them)");
            }
            for (ApplicationInfo app : running) {
                print(service, app.name() + " (" + app.startType().headerValue() + ")", app.root());
            }
        });
    }

    @Descriptor("show the supervision tree of an application, or of a supervisor given by its pid")
    public void tree(@Descriptor("an application's name, or a supervisor's pid (quote <...>, or leave out the"
        + " brackets)") String target) {
        run("tree", service -> {
            ApplicationInfo app = service.application(target).orElse(null);
            if (app != null) {
                if (app.root() == null) {
                    throw new SporeException(SporeException.Reason.NO_PROCESS, "application " + target + " is "
                        + app.state() + (app.detail().isEmpty() ? "" : ": " + app.detail()));
                }
                print(service, app.name() + " (" + app.startType().headerValue() + ")", app.root());
                return;
            }
            if (target.indexOf('@') < 0) {
                throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "'" + target + "' is neither an"
                    + " application (" + service.applications().stream().map(ApplicationInfo::name).toList()
                    + ") nor a pid");
            }
            Pid pid = Target.parse(target).pid();
            print(service, "supervisor", pid);
        });
    }

    /** The root's line, then one line per child, indented by depth. */
    private static void print(Applications service, String label, Pid root) {
        List<SupervisedChild> children = service.tree(root);
        out().println(label + " " + Target.print(root));
        Table table = new Table();
        for (SupervisedChild child : children) {
            ChildStatus status = child.status();
            table.row("  ".repeat(child.depth() + 1) + status.id(),
                status.pid() == null ? "not running" : Target.print(status.pid()),
                status.type().name().toLowerCase(java.util.Locale.ROOT),
                status.restart().name().toLowerCase(java.util.Locale.ROOT),
                "restarts " + status.restarts(),
                "last exit " + (status.lastExit() == null ? "-" : status.lastExit()));
        }
        table.print(out());
    }

    private void run(String command, Consumer<Applications> action) {
        CommandRunner.run(command, applications.get(),
            "no Applications service; check with lb that io.spore.core is active", action);
    }

    private static PrintStream out() {
        return CommandRunner.out();
    }
}
