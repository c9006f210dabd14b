package io.spore.distribution.appbundle;

import io.spore.api.Name;
import io.spore.api.supervisor.ChildSpec;
import io.spore.api.supervisor.Strategy;
import io.spore.api.supervisor.SupervisorSpec;

import java.util.function.Supplier;

/** The root of the test application: workers first, second and third, one for one. */
public final class Root implements Supplier<SupervisorSpec> {
    @Override
    public SupervisorSpec get() {
        Name worker = Name.of(AppActivator.WORKER);
        return SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChildren(
            ChildSpec.of("first", worker, "first"),
            ChildSpec.of("second", worker, "second"),
            ChildSpec.of("third", worker, "third"));
    }
}
