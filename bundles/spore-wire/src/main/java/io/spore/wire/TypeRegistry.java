package io.spore.wire;

import io.spore.api.Down;
import io.spore.api.Exit;
import io.spore.api.Name;
import io.spore.api.SporeException;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user records and enums that may travel in messages, each under a wire name.
 *
 * <p>A record is written as its components in declaration order (read through its accessors, rebuilt through its
 * canonical constructor); an enum as its constant's name. The wire name, not the Java class name, identifies the
 * type on the wire, so the sending and receiving nodes must register the same name for compatible types: records
 * with the same number of components of the same kinds, enums whose constants the receiver knows.
 *
 * <p>Threading: safe to use from any thread. Registration is rare and takes a lock; lookups on the encode and
 * decode paths read an immutable snapshot without locking.
 */
public final class TypeRegistry {
    private record Snapshot(Map<Class<?>, RegisteredType> byClass, Map<String, RegisteredType> byName) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    /**
     * Registers a record or enum class under a wire name. Registering the same class under the same name again does
     * nothing; registering a class of the same Java name again (its bundle was updated) replaces the earlier one.
     *
     * @param wireName the name it travels under, valid by {@link Name} rules, for example {@code "shop.order"}
     * @param type     a record class or an enum class
     * @throws SporeException {@code INVALID_NAME} when the name is not a valid {@link Name};
     *                        {@code INVALID_ARGUMENT} when the type is neither a record nor an enum, is built in
     *                        already, or the name or the type is registered for another type or name
     */
    public synchronized void register(String wireName, Class<?> type) {
        Name.of(wireName);
        if (type == null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "no type given for '" + wireName + "'");
        }
        if (type == Down.class || type == Exit.class) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                type.getName() + " is built into the payload format; it needs no registration");
        }
        if (!type.isRecord() && !type.isEnum()) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT,
                "cannot register " + type.getName() + " as '" + wireName + "': only records and enums can be"
                    + " registered; carry its data in a record instead");
        }
        Snapshot current = snapshot;
        RegisteredType sameName = current.byName.get(wireName);
        RegisteredType sameClass = current.byClass.get(type);
        if (sameName != null && sameName.type == type) {
            return;
        }
        if (sameClass != null) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot register " + type.getName()
                + " as '" + wireName + "': it is registered as '" + sameClass.wireName + "' already");
        }
        if (sameName != null && !sameName.type.getName().equals(type.getName())) {
            throw new SporeException(SporeException.Reason.INVALID_ARGUMENT, "cannot register " + type.getName()
                + " as '" + wireName + "': the name is taken by " + sameName.type.getName());
        }
        RegisteredType entry = type.isEnum()
            ? RegisteredType.ofEnum(wireName, type)
            : RegisteredType.ofRecord(wireName, type);
        Map<Class<?>, RegisteredType> byClass = new HashMap<>(current.byClass);
        Map<String, RegisteredType> byName = new HashMap<>(current.byName);
        if (sameName != null) {
            byClass.remove(sameName.type);
        }
        byClass.put(type, entry);
        byName.put(wireName, entry);
        snapshot = new Snapshot(Map.copyOf(byClass), Map.copyOf(byName));
    }

    /**
     * Withdraws a type, for example when the bundle that registered it stops. Values of it can no longer be sent,
     * and received ones fail to decode.
     *
     * @param type the registered class
     * @return whether it was registered
     */
    public synchronized boolean unregister(Class<?> type) {
        Snapshot current = snapshot;
        RegisteredType entry = current.byClass.get(type);
        if (entry == null) {
            return false;
        }
        Map<Class<?>, RegisteredType> byClass = new HashMap<>(current.byClass);
        Map<String, RegisteredType> byName = new HashMap<>(current.byName);
        byClass.remove(type);
        byName.remove(entry.wireName);
        snapshot = new Snapshot(Map.copyOf(byClass), Map.copyOf(byName));
        return true;
    }

    /** @return the registered types by wire name, sorted, as of now */
    public Map<String, Class<?>> registered() {
        Map<String, Class<?>> result = new TreeMap<>();
        snapshot.byName.forEach((name, entry) -> result.put(name, entry.type));
        return result;
    }

    /** @return the wire name of {@code type}, or {@code null} when it is not registered */
    public String wireNameOf(Class<?> type) {
        RegisteredType entry = snapshot.byClass.get(type);
        return entry == null ? null : entry.wireName;
    }

    RegisteredType byClass(Class<?> type) {
        return snapshot.byClass.get(type);
    }

    RegisteredType byName(String wireName) {
        return snapshot.byName.get(wireName);
    }
}
