package io.spore.api.supervisor;

/**
 * What {@link Supervisors#countChildren} reports (OTP's {@code count_children}).
 *
 * @param specs       the children the supervisor knows, running or not
 * @param active      the children running now
 * @param supervisors the children of type {@link ChildType#SUPERVISOR}, running or not
 * @param workers     the children of type {@link ChildType#WORKER}, running or not
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {
}
