package io.spore.registry;

import io.spore.api.Pid;

/**
 * The answer to a registry operation.
 *
 * @param status what happened
 * @param holder the process that holds the name, with {@link RegistryStatus#NAME_TAKEN} and
 *               {@link RegistryStatus#NOT_HOLDER}; {@code null} otherwise
 * @param detail why, for {@link RegistryStatus#INVALID}, {@link RegistryStatus#LIMIT} and
 *               {@link RegistryStatus#UNAVAILABLE}; empty otherwise
 */
public record RegistryResult(RegistryStatus status, Pid holder, String detail) {
    /** The plain success. */
    public static final RegistryResult OK = new RegistryResult(RegistryStatus.OK, null, "");

    /**
     * Checks the parts.
     *
     * @param status what happened, not {@code null}
     * @param holder the holder of the name, or {@code null}
     * @param detail why, or empty ({@code null} becomes empty)
     */
    public RegistryResult {
        if (status == null) {
            throw new IllegalArgumentException("a registry result needs a status");
        }
        detail = detail == null ? "" : detail;
    }

    /** @return whether the operation succeeded */
    public boolean isOk() {
        return status == RegistryStatus.OK;
    }

    @Override
    public String toString() {
        return status + (holder != null ? " (held by " + holder + ")" : "") + (detail.isEmpty() ? "" : ": " + detail);
    }
}
