package io.github.cdknnp.opt;

/**
 * Called by an {@link Optimizer} every N steps (see {@link Optimizer#addObserver}) to log, record a
 * trajectory, or stop the run through {@link OptimizationProgress#stop(String)}.
 *
 * <pre>{@code
 * optimizer.addObserver(p -> System.out.printf("%d %.6f %.4f%n", p.step(), p.energyEv(), p.fmaxEvPerA()), 10);
 * }</pre>
 */
@FunctionalInterface
public interface OptimizationObserver {
    /** Sees the state after a step; the arrays behind {@code progress} are only valid during the call. */
    void observe(OptimizationProgress progress);
}
