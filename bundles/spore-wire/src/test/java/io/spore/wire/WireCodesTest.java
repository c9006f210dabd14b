package io.spore.wire;

import io.spore.api.ExitReason;
import io.spore.api.LogLevel;
import io.spore.api.SporeException;
import io.spore.wire.sbe.ErrorCode;
import io.spore.wire.sbe.ExitKind;
import io.spore.wire.sbe.SpawnLogLevel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WireCodesTest {
    @Test
    void everyApiValueRoundTripsAndKeepsItsName() {
        for (ExitReason.Kind kind : ExitReason.Kind.values()) {
            assertEquals(kind.name(), WireCodes.exitKind(kind).name());
            assertEquals(kind, WireCodes.exitKind(WireCodes.exitKind(kind)));
        }
        for (SporeException.Reason reason : SporeException.Reason.values()) {
            assertEquals(reason.name(), WireCodes.errorCode(reason).name());
            assertEquals(reason, WireCodes.reason(WireCodes.errorCode(reason), null));
        }
        for (LogLevel level : LogLevel.values()) {
            assertEquals(level, WireCodes.logLevel(WireCodes.logLevel(level)));
        }
    }

    @Test
    void absentAndUnknownValuesMapToTheGeneralCase() {
        assertEquals(ErrorCode.OK, WireCodes.errorCode(null));
        assertNull(WireCodes.reason(ErrorCode.OK, SporeException.Reason.CALL_FAILED));
        assertEquals(SporeException.Reason.CALL_FAILED,
            WireCodes.reason(ErrorCode.get((short) 200), SporeException.Reason.CALL_FAILED));
        assertEquals(ExitReason.Kind.OTHER, WireCodes.exitKind(ExitKind.get((short) 99)));
        assertEquals(ExitReason.Kind.OTHER, WireCodes.exitKind(ExitKind.NULL_VAL));
        assertEquals(SpawnLogLevel.UNSET, WireCodes.logLevel((LogLevel) null));
        assertNull(WireCodes.logLevel(SpawnLogLevel.UNSET));
        assertNull(WireCodes.logLevel(SpawnLogLevel.get((short) 77)));
    }
}
