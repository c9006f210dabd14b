package io.spore.api.supervisor;

/** Which children a supervisor restarts when one of them ends and must be restarted (OTP's strategies). */
public enum Strategy {
    /** Restart only the child that ended. */
    ONE_FOR_ONE,
    /** Stop every other child (in reverse start order), then restart them all in start order. */
    ONE_FOR_ALL,
    /**
     * Stop the children started after the one that ended (in reverse start order), then restart it and them in start
     * order.
     */
    REST_FOR_ONE,
    /**
     * One child spec is a template; children are added at run time with
     * {@link Supervisors#startChild(io.spore.api.Node, io.spore.api.Pid, Object...)}, each with the template's
     * arguments followed by its own, and each is restarted alone, as with {@link #ONE_FOR_ONE}. Made for many children
     * of one kind: adding, finding and removing one costs the same whatever their number.
     */
    SIMPLE_ONE_FOR_ONE
}
