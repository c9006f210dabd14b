package io.spore.core.osgi.appbundle;

import io.spore.api.Name;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;

import java.util.function.Supplier;

/** The test application's root: three workers a, b, c, one for one, at most 1 restart in 5 s. */
public final class AppSupervisor implements Supplier<SupervisorSpec> {
    @Override
    public SupervisorSpec get() {
        Name worker = Name.of(AppActivator.WORKER);
        return SupervisorSpec.of(Strategy.ONE_FOR_ONE)
            .withChild(ChildSpec.of("a", worker, "a"))
            .withChild(ChildSpec.of("b", worker, "b"))
            .withChild(ChildSpec.of("c", worker, "c"));
    }
}
