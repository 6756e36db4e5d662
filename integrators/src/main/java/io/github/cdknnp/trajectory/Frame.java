package io.github.cdknnp.trajectory;

/**
 * One snapshot of a trajectory: what MD (and, later, an optimizer) hands to a {@link TrajectoryWriter}.
 * Arrays are copied on construction, so a frame never changes after it is made.
 *
 * @param step         step number
 * @param timeFs       simulation time in fs (an optimizer may pass its iteration count)
 * @param positions    flat coordinates {@code [x0, y0, z0, x1, ...]} in Å
 * @param velocities   flat velocities in Å/fs, or {@code null} when not known
 * @param potentialEv  potential energy in eV
 * @param kineticEv    kinetic energy in eV (0 for an optimizer)
 * @param temperatureK instantaneous temperature in K (0 for an optimizer)
 */
public record Frame(long step, double timeFs, double[] positions, double[] velocities,
                    double potentialEv, double kineticEv, double temperatureK) {
    public Frame {
        if (positions.length % 3 != 0) {
            throw new IllegalArgumentException("positions must hold 3 coordinates per atom, got " + positions.length);
        }
        if (velocities != null && velocities.length != positions.length) {
            throw new IllegalArgumentException("velocities (" + velocities.length + ") and positions ("
                    + positions.length + ") differ in length");
        }
        positions = positions.clone();
        velocities = velocities == null ? null : velocities.clone();
    }

    /** A frame with positions and a potential energy only, as an optimizer would write it. */
    public static Frame ofPositions(long step, double[] positions, double potentialEv) {
        return new Frame(step, step, positions, null, potentialEv, 0, 0);
    }

    /** Number of atoms. */
    public int atomCount() {
        return positions.length / 3;
    }

    /** Potential plus kinetic energy in eV. */
    public double totalEv() {
        return potentialEv + kineticEv;
    }

    /** A copy of the flat coordinates, Å. */
    @Override
    public double[] positions() {
        return positions.clone();
    }

    /** A copy of the flat velocities in Å/fs, or {@code null}. */
    @Override
    public double[] velocities() {
        return velocities == null ? null : velocities.clone();
    }

    /** Coordinate {@code k} (0..3N−1) without copying. */
    public double position(int k) {
        return positions[k];
    }

    /** Whether velocities were recorded. */
    public boolean hasVelocities() {
        return velocities != null;
    }
}
