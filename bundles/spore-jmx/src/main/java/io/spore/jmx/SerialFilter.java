package io.spore.jmx;

import java.util.List;

/**
 * What the connector lets a logged-in client send: the classes whose deserialization the JMX calls of Spore's
 * MBeans, of JConsole and of scripted clients need, and nothing else. Before this filter every class on the
 * connector's class path could be instantiated from a client's bytes, by any user who had logged in, however
 * read-only: a gadget chain away from running code. The connector applies it to the arguments of every call and,
 * through {@link java.rmi.MarshalledObject}, to the parameters and attribute values wrapped in them, before any
 * access check runs; a refused class fails the call with an {@code UnmarshalException} and nothing of it is built.
 *
 * <p>Spore's operations take strings and primitives, so no open type ({@code CompositeData}, {@code TabularData})
 * is admitted: a platform operation that takes one cannot be called remotely. Neither is a query expression: name
 * patterns do what JConsole needs. A {@link javax.security.auth.Subject} passes only as the {@code null} element
 * of a delegation array, which every listener registration sends: a real one needs its principal set's class,
 * which is refused, so a client cannot delegate to another identity.
 */
final class SerialFilter {
    /** The pattern, for {@code RMIConnectorServer.SERIAL_FILTER_PATTERN} ({@code ObjectInputFilter} syntax). */
    static final String PATTERN = String.join(";", List.of(
        // Limits per call: nesting, objects, array length (a MarshalledObject carries its bytes as one array) and
        // bytes read. The deepest legitimate value, a notification filter's list of names, is five deep.
        "maxdepth=16", "maxrefs=100000", "maxarray=1000000", "maxbytes=4000000",
        // Strings and boxed primitives (with Number, their superclass), and arrays of them: arrays are checked by
        // their element type, and arrays of primitives are always admitted.
        "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte",
        "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
        // An Object[] of parameters, and the lists behind AttributeList and the notification filters.
        "java.lang.Object", "java.util.ArrayList", "java.util.Vector",
        // The connector's own envelope and what the MBeanServer interface takes.
        "java.rmi.MarshalledObject", "javax.management.ObjectName", "javax.management.Attribute",
        "javax.management.AttributeList", "javax.security.auth.Subject",
        // The notification filters JConsole and the JDK's helpers send.
        "javax.management.NotificationFilterSupport", "javax.management.AttributeChangeNotificationFilter",
        "javax.management.relation.MBeanServerNotificationFilter",
        "!*"));

    private SerialFilter() {
    }
}
