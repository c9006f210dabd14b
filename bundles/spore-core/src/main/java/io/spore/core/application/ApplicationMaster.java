package io.spore.core.application;

import io.spore.api.Exit;
import io.spore.api.ExitReason;
import io.spore.api.Pid;
import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessContext;
import io.spore.api.supervisor.SupervisorSpec;
import io.spore.api.supervisor.Supervisors;

/**
 * The process between a node and an application's root supervisor (OTP's {@code application_master}): it carries
 * the application's name and environment, which the root and every process under it inherit; it starts the root
 * linked to itself in {@code init}, so a root that cannot start fails the master's spawn with the root's own error;
 * and it traps exits, so it hears when the root ends and tells its {@link Application}, then ends itself.
 */
final class ApplicationMaster implements ProcessBehavior {
    private final Application application;
    private final SupervisorSpec spec;
    private Pid root;

    ApplicationMaster(Application application, SupervisorSpec spec) {
        this.application = application;
        this.spec = spec;
    }

    @Override
    public void init(ProcessContext ctx, Object... args) {
        ctx.trapExits(true);
        root = Supervisors.start(ctx, spec);
        application.rootStarted(ctx.self(), root);
    }

    @Override
    public void handleMessage(ProcessContext ctx, Pid from, Object message) {
        if (message instanceof Exit exit && exit.from().equals(root)) {
            application.rootEnded(exit.reason());
            ctx.exit(ExitReason.NORMAL);
        } else if (message instanceof Exit exit && exit.from().equals(ctx.parent())) {
            ctx.exit(exit.reason()); // the node's identity: its exit takes the root along over the link
        } else {
            ctx.log().debug("application master of %s ignores %s from %s", application.name(), message, from);
        }
    }
}
