package io.github.cdknnp.ff;

import java.util.ArrayList;
import java.util.List;

/**
 * A force field: a recipe that, bound to the elements and charge of a molecule, becomes a
 * {@link Potential}. Binding checks the elements once so evaluation never has to.
 *
 * <p>Like OpenMM's {@code System}, a force field holds parameters and does no computation itself;
 * the compute kernels live in the backend it was created with.
 */
public interface ForceField {
    /** A one-line description naming the model and the backend, for logs and output files. */
    String description();

    /**
     * Binds the force field to a system.
     *
     * @throws UnsupportedElementException when an element or the total charge is not supported
     */
    Potential bind(AtomicSystem system);

    /**
     * Checks elements and total charge without binding, so callers can reject a molecule before
     * expensive preparation. The default accepts everything.
     *
     * @throws UnsupportedElementException naming the first unsupported atom
     * @throws UnsupportedChargeException  when the total charge is not supported
     */
    default void check(AtomicSystem system) {
    }

    /**
     * Binds many systems for batched evaluation. The default evaluates them one by one; backends
     * with batched kernels override it.
     */
    default BatchPotential bindBatch(List<AtomicSystem> systems) {
        List<Potential> members = new ArrayList<>(systems.size());
        for (AtomicSystem s : systems) {
            members.add(bind(s));
        }
        return BatchPotential.sequential(members);
    }
}
