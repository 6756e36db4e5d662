package io.github.cdknnp.md;

import io.github.cdknnp.trajectory.TrajectoryWriter;
import java.util.function.Consumer;

/**
 * Called by an {@link Integrator} with the current state (at step 0 and after every step it is due); returns
 * {@code false} to stop the run. It must not keep the state's live arrays: copy what it needs.
 *
 * <pre>{@code
 * MdObserver log = MdObserver.each(s -> System.out.println(s)).every(100);
 * MdObserver stopHot = s -> s.temperatureK() < 1000;
 * }</pre>
 */
@FunctionalInterface
public interface MdObserver {
    /** Looks at the state; {@code false} stops the run after this step. */
    boolean observe(MdState state);

    /** This observer, called only on steps that are a multiple of {@code steps}. */
    default MdObserver every(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("observer interval must be at least 1 step, got " + steps);
        }
        MdObserver self = this;
        return state -> state.step() % steps != 0 || self.observe(state);
    }

    /** An observer that never stops the run. */
    static MdObserver each(Consumer<MdState> action) {
        return state -> {
            action.accept(state);
            return true;
        };
    }

    /** Appends every observed state to a trajectory (the caller closes the writer). */
    static MdObserver writingTo(TrajectoryWriter writer) {
        return each(state -> writer.append(state.toFrame()));
    }
}
