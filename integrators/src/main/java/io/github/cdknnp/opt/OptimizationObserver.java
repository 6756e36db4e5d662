package io.github.cdknnp.opt;

import java.util.function.Consumer;

/**
 * Called by an {@link Optimizer} at step 0 and every N steps after (see {@link Optimizer#attach}) to log, record a
 * trajectory, or stop the run by returning {@code false}: the same contract as an MD run's
 * {@link io.github.cdknnp.md.MdObserver}, as ASE's {@code attach(function, interval)} serves both.
 *
 * <pre>{@code
 * Lbfgs.on(ff).attach(OptimizationObserver.each(p -> System.out.printf("%d %.6f%n", p.step(), p.energyEv())), 10);
 * Lbfgs.on(ff).attach(p -> p.energyEv() > -40, 1);   // stop once deep enough
 * }</pre>
 */
@FunctionalInterface
public interface OptimizationObserver {
    /**
     * Sees the state after a step; {@code false} stops this structure's run after the step (with
     * {@link StopReason#STOPPED_BY_OBSERVER}, unless the step converged). The arrays behind {@code progress} are only
     * valid during the call.
     */
    boolean observe(OptimizationProgress progress);

    /** An observer that never stops the run. */
    static OptimizationObserver each(Consumer<OptimizationProgress> action) {
        return progress -> {
            action.accept(progress);
            return true;
        };
    }
}
