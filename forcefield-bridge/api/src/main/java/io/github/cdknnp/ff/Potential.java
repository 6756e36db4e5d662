package io.github.cdknnp.ff;

/**
 * A potential energy surface bound to one {@link AtomicSystem}: positions in, energy and forces out.
 * This is the only thing optimizers and integrators consume.
 *
 * <p>Positions and forces are flat arrays {@code [x0, y0, z0, x1, ...]} in Å and eV/Å.
 * Implementations are not thread-safe unless stated; bind one per thread.
 */
public interface Potential {
    /** Number of atoms this potential was bound to. */
    int atomCount();

    /**
     * Evaluates the energy and writes the forces.
     *
     * @param positions flat coordinates in Å, length {@code 3 * atomCount()}
     * @param forces    output, flat forces in eV/Å (−∇E), same length; overwritten
     * @return the potential energy in eV
     * @throws CalculationException when the result is not finite
     */
    double compute(double[] positions, double[] forces);

    /** Energy only, in eV. Implementations may override with a cheaper path. */
    default double energy(double[] positions) {
        return compute(positions, new double[positions.length]);
    }
}
