package io.spore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spore.api.ProcessFactory;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class ExamplesActivatorTest {
    /** Live registrations by spawn name, as a fake framework would hold them. */
    private final Map<String, Object> registered = new LinkedHashMap<>();

    @Test
    void startRegistersTheFourFactoriesAndStopRemovesThem() {
        BundleContext context = fakeContext();
        ExamplesActivator activator = new ExamplesActivator();

        activator.start(context);
        assertEquals(List.of("echo", "counter", "logger", "worker"), List.copyOf(registered.keySet()));
        assertInstanceOf(Worker.class, ((ProcessFactory) registered.get("worker")).create());
        assertInstanceOf(Echo.class, ((ProcessFactory) registered.get("echo")).create());
        assertInstanceOf(Counter.class, ((ProcessFactory) registered.get("counter")).create());
        assertInstanceOf(Logger.class, ((ProcessFactory) registered.get("logger")).create());

        activator.stop(context);
        assertTrue(registered.isEmpty(), "left registered: " + registered.keySet());
    }

    private BundleContext fakeContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (!method.getName().equals("registerService") || args[0] != ProcessFactory.class) {
                    throw new UnsupportedOperationException(method.toString());
                }
                String name = (String) ((Dictionary<?, ?>) args[2]).get(ProcessFactory.SPAWN_NAME);
                registered.put(name, args[1]);
                return registration(name);
            });
    }

    private ServiceRegistration<?> registration(String name) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                if (!method.getName().equals("unregister") || registered.remove(name) == null) {
                    throw new IllegalStateException(method.getName() + " on " + name);
                }
                return null;
            });
    }
}
