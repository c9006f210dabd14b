package io.spore.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that one thread adds to and any thread reads, for counts taken on every frame.
 *
 * <p>Why not a {@link java.util.concurrent.atomic.LongAdder}: its uncontended path is still a locked
 * compare-and-set on a line other counters may share, and a profile of the send path showed those increments
 * costing a fifth of a sender's time. A single writer needs no atomic read-modify-write: it reads its own last
 * value and publishes the sum with an opaque store, and the value sits between cache-line pads so that counters
 * written by different threads never share a line (Agrona's padded-counter pattern).
 *
 * <p>Threading: {@link #add} and {@link #increment} from the owning thread only; {@link #get} from any thread (it
 * may lag the writer by a few counts, never goes backwards).
 */
final class SingleWriterCounter extends SingleWriterCounterRhsPadding {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounterValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Owner only. */
    void increment() {
        VALUE.setOpaque(this, value + 1);
    }

    /** Owner only. */
    void add(long delta) {
        VALUE.setOpaque(this, value + delta);
    }

    /** @return the count as last published by the owner */
    long get() {
        return (long) VALUE.getOpaque(this);
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}

@SuppressWarnings("unused")
abstract class SingleWriterCounterLhsPadding {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

abstract class SingleWriterCounterValue extends SingleWriterCounterLhsPadding {
    long value;
}

@SuppressWarnings("unused")
abstract class SingleWriterCounterRhsPadding extends SingleWriterCounterValue {
    byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
    byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
    byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
    byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
}
