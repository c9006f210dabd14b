package io.spore.jmx;

import javax.management.MBeanServer;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.AccessController;
import java.util.Set;

/**
 * Sits between the remote connector and the MBeanServer and refuses changes to read-only users: they may read
 * attributes, query names and listen to notifications; setting attributes, invoking operations and creating or
 * removing MBeans needs {@value Credentials#READWRITE}. The refusal is a {@link SecurityException}, which a
 * JMX client receives as such.
 *
 * <p>Threading: stateless; the subject is the one the connector runs each request as.
 */
final class RoleAccess implements InvocationHandler {
    /** MBeanServer methods that change something. */
    private static final Set<String> WRITES = Set.of("setAttribute", "setAttributes", "invoke", "createMBean",
        "registerMBean", "unregisterMBean", "instantiate", "deserialize", "getClassLoader",
        "getClassLoaderFor", "getClassLoaderRepository");

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
        if (WRITES.contains(method.getName()) && !mayWrite()) {
            throw new SecurityException("access denied: " + method.getName() + " needs the readwrite access level,"
                + " and this user is readonly");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean mayWrite() {
        Subject subject = currentSubject();
        if (subject == null) {
            // No subject: a call from inside this JVM (the connector authenticates every remote client).
            return true;
        }
        return subject.getPrincipals(AccessLevel.class).stream().anyMatch(AccessLevel::mayWrite);
    }

    /** The JDK 17 way; the connector runs each remote request with the client's subject in the access context. */
    @SuppressWarnings("removal")
    private static Subject currentSubject() {
        return Subject.getSubject(AccessController.getContext());
    }
}
