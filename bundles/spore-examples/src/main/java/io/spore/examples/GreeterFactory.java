package io.spore.examples;

import io.spore.api.ProcessBehavior;
import io.spore.api.ProcessFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Offers {@link Greeter} as the spawn name {@value Greeter#NAME}, declared with Declarative Services rather than
 * registered by an activator: bnd writes the component description ({@code OSGI-INF/}) and the
 * {@code Service-Component} header from this annotation, and the node's SCR bundle registers the service while
 * this bundle is active and unregisters it when the bundle stops, which ends the greeters this factory made.
 */
@Component(service = ProcessFactory.class, property = ProcessFactory.SPAWN_NAME + "=" + Greeter.NAME)
public final class GreeterFactory implements ProcessFactory {
    @Override
    public ProcessBehavior create() {
        return new Greeter();
    }
}
