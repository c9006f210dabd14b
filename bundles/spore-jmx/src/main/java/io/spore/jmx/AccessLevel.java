package io.spore.jmx;

import java.security.Principal;

/**
 * The access level {@link PasswordAuthenticator} gives a subject, {@value Credentials#READONLY} or
 * {@value Credentials#READWRITE}, which {@link RoleAccess} checks on every call.
 *
 * @param level the level
 */
record AccessLevel(String level) implements Principal {
    @Override
    public String getName() {
        return level;
    }

    /** @return whether the level allows changes: setting attributes, invoking operations, (un)registering */
    boolean mayWrite() {
        return Credentials.READWRITE.equals(level);
    }
}
