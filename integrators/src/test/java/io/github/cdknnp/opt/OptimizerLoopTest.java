package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.Potential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the base class promises for every optimizer: frozen atoms, step cap, observers, stopping. */
class OptimizerLoopTest {
    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void frozenAtomsNeverMove(String name) {
        double[] start = Clusters.perturbedLj13(11);
        RecordingPotential potential = new RecordingPotential(Clusters.lennardJones(13));
        OptimizationResult r = Clusters.optimizer(name).freeze(0, 5, 12).maxSteps(5000).minimize(potential, start, 1e-3);
        assertTrue(r.converged(), r::toString);
        for (double[] x : potential.evaluated) {
            for (int atom : new int[] {0, 5, 12}) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(start[3 * atom + c], x[3 * atom + c], 0);
                }
            }
        }
        assertEquals(0, r.forces()[15], 0);
        assertTrue(potential.evaluated.size() > 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void noAtomMovesFurtherThanMaxStepInOneStep(String name) {
        double[] compressed = Clusters.perturb(Clusters.icosahedron(0.9), 0.05, 5);
        RecordingPotential potential = new RecordingPotential(Clusters.lennardJones(13));
        Clusters.optimizer(name).maxStepAngstrom(0.05).maxSteps(300).minimize(potential, compressed, 1e-3);
        double longest = 0;
        for (int k = 1; k < potential.evaluated.size(); k++) {
            double[] dx = potential.evaluated.get(k).clone();
            Vectors.axpy(-1, potential.evaluated.get(k - 1), dx);
            longest = Math.max(longest, Geometry.maxAtomForce(dx));
        }
        assertTrue(longest <= 0.05 + 1e-12, "longest atom step " + longest);
        assertTrue(longest > 0.05 - 1e-9, "the cap should have been reached, longest step " + longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void observerRunsAtStepZeroAndEveryNthStep(String name) {
        List<Integer> seen = new ArrayList<>();
        OptimizationResult r = Clusters.optimizer(name).maxSteps(20)
                .attach(OptimizationObserver.each(p -> seen.add(p.step())), 5)
                .minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(2), 1e-9);
        assertEquals(List.of(0, 5, 10, 15, 20), seen);
        assertEquals(20, r.steps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void observerCanStopTheRun(String name) {
        int[] calls = {0};
        OptimizationResult r = Clusters.optimizer(name)
                .attach(p -> {
                    calls[0]++;
                    return p.step() < 7;
                }, 1)
                .minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(2), 1e-9);
        assertEquals(StopReason.STOPPED_BY_OBSERVER, r.stopReason());
        assertFalse(r.converged());
        assertEquals(7, r.steps());
        assertEquals(8, calls[0]);
        assertTrue(r.message().contains("stopped by an observer at step 7"), r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void stepLimitGivesAnUnconvergedResult(String name) {
        OptimizationResult r = Clusters.optimizer(name).maxSteps(3)
                .minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(2), 1e-6);
        assertFalse(r.converged());
        assertEquals(StopReason.STEP_LIMIT, r.stopReason());
        assertEquals(3, r.steps());
        assertEquals(4, r.forceEvaluations());
        assertTrue(r.fmaxEvPerA() > 1e-6);
        assertEquals(4, r.fmaxPerStepEvPerA().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void nanStopsTheRunKeepingTheLastGoodPositions(String name) {
        RecordingPotential potential = new RecordingPotential(Clusters.lennardJones(13), 6);
        OptimizationResult r = Clusters.optimizer(name).minimize(potential, Clusters.perturbedLj13(2), 1e-6);
        assertEquals(StopReason.CALCULATION_FAILED, r.stopReason());
        assertEquals(5, r.steps());
        assertEquals(7, r.forceEvaluations());
        assertArrayEquals(potential.evaluated.get(5), r.positions(), 0);
        assertTrue(Double.isFinite(r.energyEv()));
        assertTrue(r.message().contains("NaN"), r.message());
    }

    @Test
    void anExceptionFromThePotentialAlsoStopsTheRun() {
        Potential lj = Clusters.lennardJones(13);
        int[] calls = {0};
        Potential failing = new Potential() {
            @Override
            public int atomCount() {
                return 13;
            }

            @Override
            public double compute(double[] positions, double[] forces) {
                if (++calls[0] > 4) {
                    throw new CalculationException("device lost");
                }
                return lj.compute(positions, forces);
            }
        };
        OptimizationResult r = new Lbfgs().minimize(failing, Clusters.perturbedLj13(2), 1e-6);
        assertEquals(StopReason.CALCULATION_FAILED, r.stopReason());
        assertEquals(3, r.steps());
        assertTrue(r.message().contains("device lost"), r.message());
    }

    @Test
    void aStartThatCannotBeEvaluatedIsAnError() {
        RecordingPotential potential = new RecordingPotential(Clusters.lennardJones(13), 0);
        assertThrows(CalculationException.class, () -> new Fire().minimize(potential, Clusters.perturbedLj13(2), 0.05));
    }

    @Test
    void inputPositionsAreNotModified() {
        double[] start = Clusters.perturbedLj13(3);
        double[] copy = start.clone();
        new Lbfgs().minimize(Clusters.lennardJones(13), start, 0.05);
        assertArrayEquals(copy, start, 0);
    }

    @Test
    void bfgsRefusesSystemsTooLargeForADenseHessian() {
        int atoms = Bfgs.MAX_ATOMS + 1;
        double[] line = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            line[3 * i] = 1.2 * i;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bfgs().minimize(Clusters.lennardJones(atoms), line, 0.05));
        assertTrue(e.getMessage().contains("Lbfgs"), e.getMessage());
    }

    @Test
    void misuseIsReportedWithTheFix() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs().maxStepAngstrom(0));
        assertThrows(IllegalArgumentException.class, () -> new Fire().timestep(0.5, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().freeze(13).minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(1), 0.05));
        assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(1), 0));
    }
}
