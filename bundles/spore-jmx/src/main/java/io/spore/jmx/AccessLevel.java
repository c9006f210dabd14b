package io.spore.jmx;

import javax.management.ObjectName;
import java.security.Principal;
import java.util.Locale;

/**
 * The access level {@link PasswordAuthenticator} gives a subject from the access file, which {@link RoleAccess}
 * checks on every call. Each level allows what the one before it does, and more.
 */
enum AccessLevel implements Principal {
    /** Reads attributes, queries names and listens to notifications, on every MBean. */
    READONLY,
    /**
     * Also sets attributes and invokes operations, on the node's own MBeans (domain {@value #SPORE_DOMAIN}) only:
     * the platform's MBeans reach the whole JVM ({@code DiagnosticCommand} loads agents).
     */
    READWRITE,
    /** Also sets attributes and invokes operations on every MBean, and creates and removes MBeans. */
    ADMIN;

    /** The domain of the node's own MBeans, which {@link #READWRITE} may change. */
    static final String SPORE_DOMAIN = "io.spore";

    /** @return the level as the access file spells it, or {@code null} when {@code word} is none */
    static AccessLevel parse(String word) {
        for (AccessLevel level : values()) {
            if (level.word().equals(word)) {
                return level;
            }
        }
        return null;
    }

    /** @return the level as the access file spells it: {@code readonly}, {@code readwrite} or {@code admin} */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String getName() {
        return word();
    }

    /** @return whether the level allows changes at all (to the node's MBeans at least) */
    boolean mayWrite() {
        return this != READONLY;
    }

    /** @return whether the level may set attributes of, and invoke operations on, {@code name} */
    boolean mayChange(ObjectName name) {
        return this == ADMIN || this == READWRITE && name != null && SPORE_DOMAIN.equals(name.getDomain());
    }

    /** @return whether the level may create, register and unregister MBeans */
    boolean mayAdminister() {
        return this == ADMIN;
    }
}
