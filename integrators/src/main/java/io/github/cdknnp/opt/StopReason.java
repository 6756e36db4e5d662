package io.github.cdknnp.opt;

/**
 * Why an optimization stopped. Only {@link #CONVERGED} means the forces reached the requested threshold.
 *
 * <pre>{@code
 * if (result.stopReason() == StopReason.STEP_LIMIT) {
 *     result = optimizer.maxSteps(5000).minimize(potential, result.positions(), 0.05);
 * }
 * }</pre>
 */
public enum StopReason {
    /** The largest per-atom force fell to the threshold. */
    CONVERGED,
    /** The step limit was reached first. */
    STEP_LIMIT,
    /** An observer asked the run to stop. */
    STOPPED_BY_OBSERVER,
    /** An evaluation failed or was not finite; the last good positions were kept. */
    CALCULATION_FAILED
}
