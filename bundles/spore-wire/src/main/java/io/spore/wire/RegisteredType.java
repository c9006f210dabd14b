package io.spore.wire;

import io.spore.api.SporeException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * One record or enum registered under a wire name, with what its encoder and decoder need: for a record, its
 * component accessors and canonical constructor as method handles (looked up once, at registration); for an enum,
 * its constants by name. Immutable.
 */
final class RegisteredType {
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    final String wireName;
    final Class<?> type;
    /** Record components, in declaration order; empty for an enum. */
    final String[] componentNames;
    final Class<?>[] componentTypes;
    final MethodHandle[] accessors;
    /**
     * For each primitive component, its accessor returning the primitive itself (type {@code (Object)long} and so
     * on), so that encoding reads it without boxing; {@code null} for the others.
     */
    final MethodHandle[] primitiveAccessors;
    /** The canonical constructor, spread over an Object[]; null for an enum. */
    final MethodHandle constructor;
    /** Enum constants by name; null for a record. */
    final Map<String, Enum<?>> constants;

    private RegisteredType(String wireName, Class<?> type, String[] componentNames, Class<?>[] componentTypes,
                           MethodHandle[] accessors, MethodHandle[] primitiveAccessors, MethodHandle constructor,
                           Map<String, Enum<?>> constants) {
        this.wireName = wireName;
        this.type = type;
        this.componentNames = componentNames;
        this.componentTypes = componentTypes;
        this.accessors = accessors;
        this.primitiveAccessors = primitiveAccessors;
        this.constructor = constructor;
        this.constants = constants;
    }

    boolean isRecord() {
        return constants == null;
    }

    static RegisteredType ofEnum(String wireName, Class<?> type) {
        Map<String, Enum<?>> constants = new HashMap<>();
        for (Object constant : type.getEnumConstants()) {
            Enum<?> e = (Enum<?>) constant;
            constants.put(e.name(), e);
        }
        return new RegisteredType(wireName, type, new String[0], new Class<?>[0], new MethodHandle[0],
            new MethodHandle[0], null,
            Map.copyOf(constants));
    }

    static RegisteredType ofRecord(String wireName, Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        String[] names = new String[components.length];
        Class<?>[] types = new Class<?>[components.length];
        MethodHandle[] accessors = new MethodHandle[components.length];
        MethodHandle[] primitiveAccessors = new MethodHandle[components.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                Method accessor = components[i].getAccessor();
                // A record need not be public: its bundle registered it, which is consent to read it.
                accessor.setAccessible(true);
                MethodHandle handle = lookup.unreflect(accessor);
                accessors[i] = handle.asType(GETTER);
                if (types[i].isPrimitive()) {
                    primitiveAccessors[i] = handle.asType(MethodType.methodType(types[i], Object.class));
                }
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                .asType(MethodType.methodType(Object.class, types).generic())
                .asSpreader(Object[].class, types.length);
            return new RegisteredType(wireName, type, names, types, accessors, primitiveAccessors, constructor, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "cannot register record " + type.getName() + " as '" + wireName + "': its accessors or canonical"
                    + " constructor are not accessible (" + e + "); make the record public or open its package",
                e);
        }
    }
}
