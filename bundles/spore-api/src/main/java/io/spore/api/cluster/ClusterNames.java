package io.spore.api.cluster;

import io.spore.api.SporeException;

import java.nio.charset.StandardCharsets;

/** The rule global names and group names share, so the registry's limit is checked before anything is sent. */
final class ClusterNames {
    /** Longest name the registry takes, in bytes of UTF-8. */
    static final int MAX_BYTES = 255;

    private ClusterNames() {
    }

    /**
     * @param kind  what is named, for the message ({@code "global name"}, {@code "group name"})
     * @param value the candidate
     * @throws SporeException {@code INVALID_NAME} quoting the value and saying which rule it breaks
     */
    static void check(String kind, String value) {
        String problem = problem(value);
        if (problem != null) {
            String shown = value == null ? "null" : "'" + value + "'";
            throw new SporeException(SporeException.Reason.INVALID_NAME, "invalid " + kind + " " + shown + ": "
                + problem);
        }
    }

    private static String problem(String value) {
        if (value == null) {
            return "a name is required";
        }
        if (value.isEmpty()) {
            return "a name cannot be empty";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "control character at " + i + " (use printable characters)";
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes of UTF-8";
        }
        return null;
    }
}
