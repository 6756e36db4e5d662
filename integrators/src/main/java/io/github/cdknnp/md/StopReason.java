package io.github.cdknnp.md;

/** Why a run ended. Only {@link #COMPLETED} and {@link #STOPPED_BY_OBSERVER} are normal endings. */
public enum StopReason {
    /** All requested steps were taken. */
    COMPLETED,
    /** An observer returned {@code false}. */
    STOPPED_BY_OBSERVER,
    /** A position, velocity, force or energy became NaN or infinite. */
    NOT_FINITE,
    /** An atom's force exceeded the integrator's bound. */
    FORCE_TOO_LARGE,
    /** The temperature exceeded the integrator's bound. */
    TEMPERATURE_TOO_HIGH,
    /** The potential refused to evaluate (e.g. overlapping atoms or a failed calculation). */
    CALCULATION_FAILED;

    /** Whether the run blew up rather than ending normally. */
    public boolean isFailure() {
        return this != COMPLETED && this != STOPPED_BY_OBSERVER;
    }
}
