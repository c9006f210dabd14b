package io.spore.jmx;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.AccessController;
import java.util.Comparator;
import java.util.Set;

/**
 * Sits between the remote connector and the MBeanServer and lets each user do what its {@link AccessLevel} allows:
 * every level reads attributes, queries names and listens to notifications; setting attributes and invoking
 * operations needs {@code readwrite} on the node's own MBeans (domain {@value AccessLevel#SPORE_DOMAIN}) and
 * {@code admin} on any other, such as the platform's ({@code com.sun.management:type=DiagnosticCommand} loads
 * agents: code execution as the node's user); creating and removing MBeans needs {@code admin}. A refusal is a
 * {@link SecurityException}, which a JMX client receives as such.
 *
 * <p>Threading: stateless; the subject is the one the connector runs each request as.
 */
final class RoleAccess implements InvocationHandler {
    /** MBeanServer methods that change an existing MBean, named by their first argument. */
    private static final Set<String> CHANGES = Set.of("setAttribute", "setAttributes", "invoke");
    /** MBeanServer methods that create or remove MBeans or reach class loaders. */
    private static final Set<String> ADMINISTRATION = Set.of("createMBean", "registerMBean", "unregisterMBean",
        "instantiate", "deserialize", "getClassLoader", "getClassLoaderFor", "getClassLoaderRepository");

    private MBeanServer target;

    private RoleAccess() {
    }

    /** @return a forwarder to place with {@code JMXConnectorServer.setMBeanServerForwarder} */
    static MBeanServerForwarder forwarder() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(RoleAccess.class.getClassLoader(),
            new Class<?>[] {MBeanServerForwarder.class}, new RoleAccess());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getMBeanServer":
                if (method.getDeclaringClass() == MBeanServerForwarder.class) {
                    return target;
                }
                break;
            case "setMBeanServer":
                if (method.getDeclaringClass() == MBeanServerForwarder.class) {
                    target = (MBeanServer) args[0];
                    return null;
                }
                break;
            default:
                break;
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "RoleAccess[" + target + "]";
            };
        }
        String refusal = refusal(method.getName(), args);
        if (refusal != null) {
            throw new SecurityException(refusal);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** @return why the current subject may not make this call, or {@code null} when it may */
    private static String refusal(String method, Object[] args) {
        boolean change = CHANGES.contains(method);
        if (!change && !ADMINISTRATION.contains(method)) {
            return null;
        }
        Subject subject = currentSubject();
        if (subject == null) {
            // No subject: a call from inside this JVM (the connector authenticates every remote client).
            return null;
        }
        AccessLevel level = subject.getPrincipals(AccessLevel.class).stream().max(Comparator.naturalOrder())
            .orElse(AccessLevel.READONLY);
        if (change) {
            ObjectName name = args != null && args.length > 0 && args[0] instanceof ObjectName n ? n : null;
            if (level.mayChange(name)) {
                return null;
            }
            boolean spore = name != null && AccessLevel.SPORE_DOMAIN.equals(name.getDomain());
            return spore ? "access denied: " + method + " needs the readwrite access level, and this user is "
                + level.word() : "access denied: " + method + " needs the admin access level on " + name
                + " (readwrite changes the " + AccessLevel.SPORE_DOMAIN + " domain only), and this user is "
                + level.word();
        }
        return level.mayAdminister() ? null : "access denied: " + method + " needs the admin access level, and this"
            + " user is " + level.word();
    }

    /** The JDK 17 way; the connector runs each remote request with the client's subject in the access context. */
    @SuppressWarnings("removal")
    private static Subject currentSubject() {
        return Subject.getSubject(AccessController.getContext());
    }
}
