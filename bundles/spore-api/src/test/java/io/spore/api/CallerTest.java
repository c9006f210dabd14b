package io.spore.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallerTest {
    private static final NodeName HERE = NodeName.parse("here@localhost");
    private static final NodeName THERE = NodeName.parse("there@localhost");
    private static final Pid CALLER = new Pid(HERE, 7, 3);

    @Test
    void aCallerMadeOfTheRefsPartsEqualsOneMadeWithTheRef() {
        Ref ref = new Ref(HERE, 42, 3);
        Caller withRef = new Caller(CALLER, ref);
        Caller ofParts = new Caller(CALLER, 42, 3);

        assertEquals(withRef, ofParts);
        assertEquals(ofParts, withRef);
        assertEquals(withRef.hashCode(), ofParts.hashCode());
        assertEquals(withRef.toString(), ofParts.toString());
        assertEquals(ref, ofParts.ref(), "the ref's node is the caller's");
        assertEquals(42, ofParts.refId());
        assertEquals(3, ofParts.refCreation());
        assertSame(ref, withRef.ref(), "the ref it was given, not a copy");
        assertEquals("Caller[from=" + CALLER + ", ref=" + ref + "]", withRef.toString());
    }

    @Test
    void callersDifferByEveryPartOfTheirRef() {
        Caller caller = new Caller(CALLER, new Ref(HERE, 42, 3));

        assertNotEquals(caller, new Caller(CALLER, 43, 3));
        assertNotEquals(caller, new Caller(CALLER, 42, 4));
        assertNotEquals(caller, new Caller(CALLER, new Ref(THERE, 42, 3)), "a ref made by another node");
        assertNotEquals(caller, new Caller(new Pid(HERE, 8, 3), 42, 3));
        assertNotEquals(caller, null);
    }

    @Test
    void aCallerNeedsWhoCallsAndItsRef() {
        assertThrows(NullPointerException.class, () -> new Caller(null, new Ref(HERE, 1, 1)));
        assertThrows(NullPointerException.class, () -> new Caller(CALLER, null));
        assertThrows(NullPointerException.class, () -> new Caller(null, 1, 1));
    }
}
