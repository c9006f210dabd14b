package io.spore.api.supervisor;

import io.spore.api.Pid;

import java.util.List;

/**
 * The calls {@link Supervisors} makes to a supervisor process, and the timer messages it sends itself. Typed, so a
 * supervisor tells them from anything else it receives; local to this package, so only {@link Supervisors} makes
 * them.
 */
sealed interface SupervisorRequest {
    /** Add a static child and start it. */
    record StartChild(ChildSpec spec) implements SupervisorRequest {
    }

    /** Start a dynamic child from the template, with extra arguments. */
    record StartDynamic(List<Object> extraArgs) implements SupervisorRequest {
    }

    /** Stop a child, by id (static) or by pid (dynamic). */
    record TerminateChild(String id, Pid pid) implements SupervisorRequest {
    }

    /** Start a static child that is not running. */
    record RestartChild(String id) implements SupervisorRequest {
    }

    /** Forget a static child that is not running. */
    record DeleteChild(String id) implements SupervisorRequest {
    }

    /** List the children. */
    record WhichChildren() implements SupervisorRequest {
    }

    /** List the children with their restarts and last exits. */
    record DescribeChildren() implements SupervisorRequest {
    }

    /** Count the children. */
    record CountChildren() implements SupervisorRequest {
    }

    /** Stop the children in reverse order, answer, then exit with reason normal. */
    record Stop() implements SupervisorRequest {
    }

    /** Timer message: restarts put off by a backoff or a failed start are due. */
    record RestartDue(long token) implements SupervisorRequest {
    }
}
