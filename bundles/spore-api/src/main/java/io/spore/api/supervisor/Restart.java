package io.spore.api.supervisor;

/** When a supervisor restarts a child that ended (OTP's restart types). */
public enum Restart {
    /** Always. */
    PERMANENT,
    /**
     * Only when it ended abnormally: with a reason other than {@link io.spore.api.ExitReason.Kind#NORMAL} and
     * {@link io.spore.api.ExitReason.Kind#SHUTDOWN}.
     */
    TRANSIENT,
    /** Never; its spec is removed from the supervisor when it ends. */
    TEMPORARY
}
