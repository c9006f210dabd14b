package io.spore.jmx;

import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfoSupport;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An interface's implementation as an Open MBean: every attribute, parameter and result is an open type, and the
 * {@link MBeanInfo} says which (an {@link OpenMBeanInfoSupport}), so JConsole and scripted clients render
 * everything, tables included, with the JDK's classes alone.
 *
 * <p>Why not the JDK's MXBean mapping: it treats {@code CompositeData} and {@code TabularData} results as Java beans
 * and flattens them, so a real table cannot be returned. Here the interface's methods return open data directly,
 * and the types of its tables and composites are declared beside it.
 *
 * <p>Dispatch is {@link StandardEmitterMBean}'s; notifications are the emitter's.
 */
final class OpenBean extends StandardEmitterMBean {
    private final MBeanInfo info;

    /**
     * @param implementation the object behind the bean
     * @param iface          its management interface: getters ({@code getX}/{@code isX}), setters and operations
     *                       over {@code String}, {@code int}, {@code long}, {@code boolean}, {@code String[]} and the
     *                       declared open types
     * @param emitter        where notifications come from
     * @param description    what the bean is, for consoles
     * @param declared       the open type of each attribute or operation result that is composite or tabular
     * @param parameters     the parameter names of each operation, for consoles
     * @param notifications  the notifications it sends
     */
    <T> OpenBean(T implementation, Class<T> iface, NotificationEmitter emitter, String description,
                 Map<String, OpenType<?>> declared, Map<String, String[]> parameters,
                 MBeanNotificationInfo[] notifications) {
        super(implementation, iface, emitter);
        this.info = build(iface, description, declared, parameters, notifications);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    private static MBeanInfo build(Class<?> iface, String description, Map<String, OpenType<?>> declared,
                                   Map<String, String[]> parameters, MBeanNotificationInfo[] notifications) {
        Map<String, OpenType<?>> getters = new LinkedHashMap<>();
        Map<String, Boolean> isGetters = new LinkedHashMap<>();
        Map<String, Boolean> setters = new LinkedHashMap<>();
        List<OpenMBeanOperationInfoSupport> operations = new ArrayList<>();
        Method[] methods = iface.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            String name = method.getName();
            int arity = method.getParameterCount();
            if (arity == 0 && name.startsWith("get") && name.length() > 3 && method.getReturnType() != void.class) {
                getters.put(name.substring(3), typeOf(method.getReturnType(), name.substring(3), declared));
            } else if (arity == 0 && name.startsWith("is") && name.length() > 2
                && method.getReturnType() == boolean.class) {
                getters.put(name.substring(2), SimpleType.BOOLEAN);
                isGetters.put(name.substring(2), true);
            } else if (arity == 1 && name.startsWith("set") && name.length() > 3
                && method.getReturnType() == void.class) {
                setters.put(name.substring(3), true);
            } else {
                operations.add(operation(method, declared, parameters));
            }
        }
        List<OpenMBeanAttributeInfoSupport> attributes = new ArrayList<>();
        getters.forEach((name, type) -> attributes.add(new OpenMBeanAttributeInfoSupport(name, words(name), type,
            true, setters.containsKey(name), isGetters.containsKey(name))));
        return new OpenMBeanInfoSupport(iface.getName(), description,
            attributes.toArray(OpenMBeanAttributeInfoSupport[]::new), new OpenMBeanConstructorInfoSupport[0],
            operations.toArray(OpenMBeanOperationInfoSupport[]::new), notifications);
    }

    private static OpenMBeanOperationInfoSupport operation(Method method, Map<String, OpenType<?>> declared,
                                                          Map<String, String[]> parameters) {
        String[] names = parameters.get(method.getName());
        Class<?>[] types = method.getParameterTypes();
        if (names == null || names.length != types.length) {
            throw new IllegalStateException("no parameter names declared for " + method);
        }
        OpenMBeanParameterInfoSupport[] infos = new OpenMBeanParameterInfoSupport[types.length];
        for (int i = 0; i < types.length; i++) {
            infos[i] = new OpenMBeanParameterInfoSupport(names[i], names[i], typeOf(types[i], names[i], Map.of()));
        }
        OpenType<?> result = method.getReturnType() == void.class ? SimpleType.VOID
            : typeOf(method.getReturnType(), method.getName(), declared);
        int impact = method.getReturnType() == void.class || method.getReturnType() == boolean.class
            ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
        return new OpenMBeanOperationInfoSupport(method.getName(), words(method.getName()), infos, result, impact);
    }

    private static OpenType<?> typeOf(Class<?> type, String name, Map<String, OpenType<?>> declared) {
        if (type == String.class) {
            return SimpleType.STRING;
        }
        if (type == int.class || type == Integer.class) {
            return SimpleType.INTEGER;
        }
        if (type == long.class || type == Long.class) {
            return SimpleType.LONG;
        }
        if (type == boolean.class || type == Boolean.class) {
            return SimpleType.BOOLEAN;
        }
        if (type == String[].class) {
            try {
                return new ArrayType<String[]>(SimpleType.STRING, false);
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        OpenType<?> open = declared.get(name);
        if (open == null || !type.getName().equals(open.getClassName()) && !type.isAssignableFrom(classOf(open))) {
            throw new IllegalStateException("no open type declared for " + name + " (" + type.getName() + ")");
        }
        return open;
    }

    private static Class<?> classOf(OpenType<?> type) {
        try {
            return Class.forName(type.getClassName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code RemoteSpawnEnabled} to {@code remote spawn enabled}: a console's description. */
    private static String words(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
