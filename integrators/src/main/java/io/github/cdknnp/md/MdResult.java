package io.github.cdknnp.md;

/**
 * How a run ended.
 *
 * @param reason   why it stopped
 * @param message  a human-readable explanation (the offending value when it blew up)
 * @param steps    steps taken and kept in this run (a rejected step is not counted)
 * @param state    the final state; after a blow-up, the last good one
 */
public record MdResult(StopReason reason, String message, long steps, MdState state) {
    /** Whether every requested step was taken. */
    public boolean completed() {
        return reason == StopReason.COMPLETED;
    }

    /** Whether the run blew up; {@link #state()} then holds the last good frame. */
    public boolean failed() {
        return reason.isFailure();
    }
}
