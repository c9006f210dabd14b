package io.spore.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.registry.sbe.ProcessOp;

import org.junit.jupiter.api.Test;

import java.util.List;

class OwnEntriesTest {
    static final NodeName A = NodeName.parse("a@host");
    final OwnEntries own = new OwnEntries();
    final Pid one = new Pid(A, 1, 1);
    final Pid two = new Pid(A, 2, 1);

    @Test
    void whatIsRegisteredAgainIsWhatAcknowledgedCommandsLeft() {
        own.onOk(ProcessOp.REGISTER_NAME, "n1", one);
        own.onOk(ProcessOp.REGISTER_NAME, "n2", two);
        own.onOk(ProcessOp.JOIN_GROUP, "g", one);
        own.onOk(ProcessOp.JOIN_GROUP, "g", two);
        own.onOk(ProcessOp.JOIN_GROUP, "h", two);
        own.onOk(ProcessOp.UNREGISTER_NAME, "n2", two);
        own.onOk(ProcessOp.LEAVE_GROUP, "h", two);
        own.onOk(ProcessOp.PROCESS_ENDED, "", one);
        assertEquals(List.of(new OwnEntries.Entry(ProcessOp.JOIN_GROUP, "g", two)), own.entries());
    }

    @Test
    void aLostNameIsNotRegisteredAgain() {
        own.onOk(ProcessOp.REGISTER_NAME, "n", one);
        own.onLost("n", one);
        assertEquals(List.of(), own.entries());
    }
}
