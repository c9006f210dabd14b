package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.SporeException;
import io.spore.wire.sbe.ErrorCode;
import io.spore.wire.sbe.ExitKind;
import io.spore.wire.sbe.SpawnLogLevel;

/**
 * Maps the API's enums to the schema's and back. The schema's values are fixed numbers, so the API's enums may be
 * reordered or grow without changing the wire; a value from a newer peer that this node does not know maps to the
 * most general case, never to an exception.
 *
 * <p>Threading: stateless, safe from any thread.
 */
public final class WireCodes {
    private WireCodes() {
    }

    /**
     * @param kind an exit reason's kind
     * @return its code on the wire
     */
    public static ExitKind exitKind(ExitReason.Kind kind) {
        return switch (kind) {
            case NORMAL -> ExitKind.NORMAL;
            case SHUTDOWN -> ExitKind.SHUTDOWN;
            case KILLED -> ExitKind.KILLED;
            case ERROR -> ExitKind.ERROR;
            case NOPROC -> ExitKind.NOPROC;
            case NOCONNECTION -> ExitKind.NOCONNECTION;
            case FACTORY_WITHDRAWN -> ExitKind.FACTORY_WITHDRAWN;
            case OTHER -> ExitKind.OTHER;
        };
    }

    /**
     * @param kind a code read from the wire, possibly {@code SBE_UNKNOWN} or {@code NULL_VAL}
     * @return its kind; {@link ExitReason.Kind#OTHER} for a code this node does not know
     */
    public static ExitReason.Kind exitKind(ExitKind kind) {
        return switch (kind) {
            case NORMAL -> ExitReason.Kind.NORMAL;
            case SHUTDOWN -> ExitReason.Kind.SHUTDOWN;
            case KILLED -> ExitReason.Kind.KILLED;
            case ERROR -> ExitReason.Kind.ERROR;
            case NOPROC -> ExitReason.Kind.NOPROC;
            case NOCONNECTION -> ExitReason.Kind.NOCONNECTION;
            case FACTORY_WITHDRAWN -> ExitReason.Kind.FACTORY_WITHDRAWN;
            default -> ExitReason.Kind.OTHER;
        };
    }

    /**
     * @param kind        a code read from the wire
     * @param description the description read with it
     * @return the exit reason, the API's shared constant where there is one
     */
    public static ExitReason exitReason(ExitKind kind, String description) {
        return ExitReason.of(exitKind(kind), description);
    }

    /**
     * @param reason why an operation failed, or {@code null} for success
     * @return its code on the wire; {@link ErrorCode#OK} for {@code null}
     */
    public static ErrorCode errorCode(SporeException.Reason reason) {
        if (reason == null) {
            return ErrorCode.OK;
        }
        return switch (reason) {
            case INVALID_NAME -> ErrorCode.INVALID_NAME;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
            case UNKNOWN_FACTORY -> ErrorCode.UNKNOWN_FACTORY;
            case NAME_TAKEN -> ErrorCode.NAME_TAKEN;
            case NO_PROCESS -> ErrorCode.NO_PROCESS;
            case INIT_FAILED -> ErrorCode.INIT_FAILED;
            case TIMEOUT -> ErrorCode.TIMEOUT;
            case CALL_FAILED -> ErrorCode.CALL_FAILED;
            case NOT_SUPPORTED -> ErrorCode.NOT_SUPPORTED;
            case NOT_ALLOWED -> ErrorCode.NOT_ALLOWED;
            case REMOTE_SPAWN_DISABLED -> ErrorCode.REMOTE_SPAWN_DISABLED;
            case NODE_DOWN -> ErrorCode.NODE_DOWN;
            case UNENCODABLE -> ErrorCode.UNENCODABLE;
            case MESSAGE_TOO_LARGE -> ErrorCode.MESSAGE_TOO_LARGE;
            case BACK_PRESSURED -> ErrorCode.BACK_PRESSURED;
            case NODE_STOPPED -> ErrorCode.NODE_STOPPED;
            case WRONG_THREAD -> ErrorCode.WRONG_THREAD;
            case NOT_CONFIRMED -> ErrorCode.NOT_CONFIRMED;
            case REGISTRY_UNAVAILABLE -> ErrorCode.REGISTRY_UNAVAILABLE;
        };
    }

    /**
     * @param code     a code read from the wire
     * @param fallback the reason to report for a failure code this node does not know, e.g. {@code CALL_FAILED}
     * @return {@code null} for {@link ErrorCode#OK}, else the reason
     */
    public static SporeException.Reason reason(ErrorCode code, SporeException.Reason fallback) {
        return switch (code) {
            case OK -> null;
            case INVALID_NAME -> SporeException.Reason.INVALID_NAME;
            case INVALID_ARGUMENT -> SporeException.Reason.INVALID_ARGUMENT;
            case UNKNOWN_FACTORY -> SporeException.Reason.UNKNOWN_FACTORY;
            case NAME_TAKEN -> SporeException.Reason.NAME_TAKEN;
            case NO_PROCESS -> SporeException.Reason.NO_PROCESS;
            case INIT_FAILED -> SporeException.Reason.INIT_FAILED;
            case TIMEOUT -> SporeException.Reason.TIMEOUT;
            case CALL_FAILED -> SporeException.Reason.CALL_FAILED;
            case NOT_SUPPORTED -> SporeException.Reason.NOT_SUPPORTED;
            case NOT_ALLOWED -> SporeException.Reason.NOT_ALLOWED;
            case REMOTE_SPAWN_DISABLED -> SporeException.Reason.REMOTE_SPAWN_DISABLED;
            case NODE_DOWN -> SporeException.Reason.NODE_DOWN;
            case UNENCODABLE -> SporeException.Reason.UNENCODABLE;
            case MESSAGE_TOO_LARGE -> SporeException.Reason.MESSAGE_TOO_LARGE;
            case BACK_PRESSURED -> SporeException.Reason.BACK_PRESSURED;
            case NODE_STOPPED -> SporeException.Reason.NODE_STOPPED;
            case WRONG_THREAD -> SporeException.Reason.WRONG_THREAD;
            case NOT_CONFIRMED -> SporeException.Reason.NOT_CONFIRMED;
            case REGISTRY_UNAVAILABLE -> SporeException.Reason.REGISTRY_UNAVAILABLE;
            default -> fallback;
        };
    }

    /**
     * @param level a log level, or {@code null} for none given
     * @return its code on the wire; {@link SpawnLogLevel#UNSET} for {@code null}
     */
    public static SpawnLogLevel logLevel(LogLevel level) {
        if (level == null) {
            return SpawnLogLevel.UNSET;
        }
        return switch (level) {
            case TRACE -> SpawnLogLevel.TRACE;
            case DEBUG -> SpawnLogLevel.DEBUG;
            case INFO -> SpawnLogLevel.INFO;
            case WARNING -> SpawnLogLevel.WARNING;
            case ERROR -> SpawnLogLevel.ERROR;
            case DISABLED -> SpawnLogLevel.DISABLED;
        };
    }

    /**
     * @param level a code read from the wire
     * @return the log level, or {@code null} for {@code UNSET} and codes this node does not know (inherit)
     */
    public static LogLevel logLevel(SpawnLogLevel level) {
        return switch (level) {
            case TRACE -> LogLevel.TRACE;
            case DEBUG -> LogLevel.DEBUG;
            case INFO -> LogLevel.INFO;
            case WARNING -> LogLevel.WARNING;
            case ERROR -> LogLevel.ERROR;
            case DISABLED -> LogLevel.DISABLED;
            default -> null;
        };
    }
}
