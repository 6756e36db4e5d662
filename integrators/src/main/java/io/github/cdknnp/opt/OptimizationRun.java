package io.github.cdknnp.opt;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.InvalidGeometryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One run of an {@link Optimizer} over a batch of structures (a single run is a batch of one): evaluate
 * the structures still running, let each one's stepper propose a capped step, repeat. Each structure keeps
 * its own state, so a batch ends exactly where separate runs would.
 */
final class OptimizationRun {
    private final Optimizer<?> optimizer;
    private final BatchPotential potential;
    private final double fmaxEvPerA;
    private final Track[] tracks;
    /** Where each structure is evaluated next, and what that evaluation returns. */
    private final double[][] trialPositions;
    private final double[][] trialForces;
    private final double[] trialEnergies;

    /**
     * @param steppers per structure, the optimizer state to continue from, or null (or a null entry) for a fresh one
     */
    OptimizationRun(Optimizer<?> optimizer, BatchPotential potential, List<double[]> positions,
            List<Optimizer.Stepper> steppers, double fmaxEvPerA) {
        if (!(fmaxEvPerA > 0)) {
            throw new IllegalArgumentException("the force threshold must be positive, got " + fmaxEvPerA + " eV/Å");
        }
        if (positions.size() != potential.size()) {
            throw new IllegalArgumentException(positions.size() + " starting structures for a batch of " + potential.size());
        }
        this.optimizer = optimizer;
        this.potential = potential;
        this.fmaxEvPerA = fmaxEvPerA;
        int size = potential.size();
        tracks = new Track[size];
        trialPositions = new double[size][];
        trialForces = new double[size][];
        trialEnergies = new double[size];
        for (int k = 0; k < size; k++) {
            int atoms = potential.atomCount(k);
            Geometry.check(positions.get(k), atoms);
            for (int atom : optimizer.frozenAtoms()) {
                if (atom >= atoms) {
                    throw new IllegalArgumentException("frozen atom " + atom + " does not exist in structure " + k
                            + " of " + atoms + " atoms (indices are 0-based)");
                }
            }
            Optimizer.Stepper earlier = steppers == null ? null : steppers.get(k);
            tracks[k] = new Track(earlier != null ? earlier : optimizer.newStepper(atoms), 3 * atoms);
            trialPositions[k] = positions.get(k).clone();
            trialForces[k] = new double[3 * atoms];
        }
    }

    List<OptimizationResult> run() {
        boolean[] active = new boolean[tracks.length];
        Arrays.fill(active, true);
        evaluate(active);
        for (int k = 0; k < tracks.length; k++) {
            if (tracks[k].failure != null) {
                throw new CalculationException((tracks.length > 1 ? "structure " + k + ": " : "")
                        + "the starting structure cannot be evaluated: " + tracks[k].failure);
            }
            accept(k);
            active[k] = tracks[k].stopReason == null;
        }
        while (count(active) > 0) {
            for (int k = 0; k < tracks.length; k++) {
                if (active[k]) {
                    propose(k);
                }
            }
            evaluate(active);
            for (int k = 0; k < tracks.length; k++) {
                if (active[k]) {
                    if (tracks[k].failure != null) {
                        tracks[k].stop(StopReason.CALCULATION_FAILED, "evaluation failed after step "
                                + tracks[k].steps + " (its positions are kept): " + tracks[k].failure);
                    } else {
                        tracks[k].steps++;
                        accept(k);
                    }
                    active[k] = tracks[k].stopReason == null;
                }
            }
        }
        List<OptimizationResult> results = new ArrayList<>(tracks.length);
        for (Track track : tracks) {
            results.add(track.result());
        }
        return results;
    }

    /** Evaluates every active structure at its trial positions in one call, marking failed ones. */
    private void evaluate(boolean[] active) {
        try {
            potential.compute(trialPositions, trialForces, trialEnergies, active);
            for (int k = 0; k < tracks.length; k++) {
                if (active[k]) {
                    tracks[k].evaluations++;
                    tracks[k].failure = nonFiniteResult(k);
                }
            }
        } catch (CalculationException | InvalidGeometryException e) {
            if (count(active) == 1) {
                int k = first(active);
                tracks[k].evaluations++;
                tracks[k].failure = e.getMessage();
            } else {
                evaluateOneByOne(active);
            }
        }
    }

    /** After a failed batch call, finds out which structures failed by evaluating each one alone. */
    private void evaluateOneByOne(boolean[] active) {
        for (int k = 0; k < tracks.length; k++) {
            if (active[k]) {
                boolean[] alone = new boolean[tracks.length];
                alone[k] = true;
                evaluate(alone);
            }
        }
    }

    private String nonFiniteResult(int k) {
        if (!Double.isFinite(trialEnergies[k])) {
            return "energy is " + trialEnergies[k];
        }
        double[] f = trialForces[k];
        for (int i = 0; i < f.length; i++) {
            if (!Double.isFinite(f[i])) {
                return "force on atom " + (i / 3 + 1) + " is " + f[i];
            }
        }
        return null;
    }

    /** Makes the evaluated trial of structure {@code k} its current state, notifies observers, checks for a stop. */
    private void accept(int k) {
        Track track = tracks[k];
        double[] previousPositions = track.positions;
        double[] previousForces = track.forces;
        track.positions = trialPositions[k];
        track.forces = trialForces[k];
        trialPositions[k] = previousPositions;
        trialForces[k] = previousForces;
        track.energyEv = trialEnergies[k];
        Vectors.zeroAtoms(track.forces, optimizer.frozenAtoms());
        double fmax = Geometry.maxAtomForce(track.forces);
        track.record(fmax);
        boolean keepGoing = notifyObservers(k, fmax);
        if (fmax <= fmaxEvPerA) {
            track.stop(StopReason.CONVERGED, String.format(Locale.ROOT,
                    "converged: largest force %.3g <= %.3g eV/Å", fmax, fmaxEvPerA));
        } else if (!keepGoing) {
            track.stop(StopReason.STOPPED_BY_OBSERVER, "stopped by an observer at step " + track.steps);
        } else if (track.steps >= optimizer.maxSteps()) {
            track.stop(StopReason.STEP_LIMIT, String.format(Locale.ROOT,
                    "not converged within %d steps: largest force %.3g > %.3g eV/Å", track.steps, fmax, fmaxEvPerA));
        }
    }

    /** Calls the observers due at this step; false when one of them asks to stop. */
    private boolean notifyObservers(int k, double fmax) {
        Track track = tracks[k];
        OptimizationProgress progress = null;
        boolean keepGoing = true;
        for (Optimizer.Attached attached : optimizer.observers()) {
            if (track.steps % attached.everyNSteps() == 0) {
                if (progress == null) {
                    progress = new OptimizationProgress(k, track.steps, track.energyEv, fmax, track.positions, track.forces);
                }
                keepGoing &= attached.observer().observe(progress);
            }
        }
        return keepGoing;
    }

    /** Asks the stepper of structure {@code k} for a step, caps it and sets the trial positions. */
    private void propose(int k) {
        Track track = tracks[k];
        double[] dx = track.displacement;
        track.stepper.step(track.positions, track.energyEv, track.forces, dx);
        Vectors.zeroAtoms(dx, optimizer.frozenAtoms());
        Vectors.limitAtomStep(dx, optimizer.maxStepAngstrom());
        double[] trial = trialPositions[k];
        for (int i = 0; i < trial.length; i++) {
            trial[i] = track.positions[i] + dx[i];
        }
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    private static int first(boolean[] flags) {
        int k = 0;
        while (!flags[k]) {
            k++;
        }
        return k;
    }

    /** The state of one structure's run. */
    private final class Track {
        final Optimizer.Stepper stepper;
        final double[] displacement;
        double[] positions;
        double[] forces;
        double energyEv;
        int steps;
        int evaluations;
        String failure;
        StopReason stopReason;
        String message;
        private double[] energies = new double[16];
        private double[] fmaxes = new double[16];

        Track(Optimizer.Stepper stepper, int length) {
            this.stepper = stepper;
            this.displacement = new double[length];
            this.positions = new double[length];
            this.forces = new double[length];
        }

        void record(double fmax) {
            if (steps == energies.length) {
                energies = Arrays.copyOf(energies, 2 * steps);
                fmaxes = Arrays.copyOf(fmaxes, 2 * steps);
            }
            energies[steps] = energyEv;
            fmaxes[steps] = fmax;
        }

        void stop(StopReason reason, String why) {
            stopReason = reason;
            message = why;
        }

        OptimizationResult result() {
            return new OptimizationResult(positions, energyEv, forces, steps, evaluations, stopReason, message,
                    Arrays.copyOf(energies, steps + 1), Arrays.copyOf(fmaxes, steps + 1),
                    new OptimizationResult.Continuation(optimizer.getClass(), stepper));
        }
    }
}
