package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.Potential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batched runs end exactly where single runs do and stop evaluating structures that have finished. */
class BatchMinimizeTest {
    private static final int[] SIZES = {7, 13, 13, 7};

    private static List<double[]> starts() {
        return List.of(Clusters.perturbedLj7(1), Clusters.perturbedLj13(2), Clusters.perturbedLj13(3),
                Clusters.perturbedLj7(4));
    }

    private static List<Potential> members() {
        List<Potential> members = new ArrayList<>();
        for (int n : SIZES) {
            members.add(Clusters.lennardJones(n));
        }
        return members;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void batchGivesTheSingleRunMinimaAndSkipsFinishedStructures(String name) {
        CountingBatch batch = new CountingBatch(BatchPotential.sequential(members()));
        List<OptimizationResult> results = Clusters.optimizer(name).maxSteps(5000).minimizeAll(batch, starts(), 1e-3);
        assertEquals(SIZES.length, results.size());
        int longest = 0;
        for (int k = 0; k < SIZES.length; k++) {
            OptimizationResult single = Clusters.optimizer(name).maxSteps(5000)
                    .minimize(Clusters.lennardJones(SIZES[k]), starts().get(k), 1e-3);
            OptimizationResult batched = results.get(k);
            assertTrue(batched.converged(), batched::toString);
            assertEquals(SIZES[k] == 7 ? Clusters.LJ7_MINIMUM : Clusters.LJ13_MINIMUM, batched.energyEv(), 1e-4);
            assertArrayEquals(single.positions(), batched.positions(), 0);
            assertEquals(single.steps(), batched.steps());
            assertEquals(batched.steps() + 1, batched.forceEvaluations());
            // evaluated in every call up to its last step, and never after it
            for (int call = 0; call < batch.calls.size(); call++) {
                assertEquals(call <= batched.steps(), batch.calls.get(call)[k], "structure " + k + ", call " + call);
            }
            longest = Math.max(longest, batched.steps());
        }
        assertEquals(longest + 1, batch.calls.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void aContinuedRunEndsExactlyWhereOneUninterruptedRunDoes(String name) {
        BatchPotential batch = BatchPotential.sequential(members());
        List<OptimizationResult> loose = Clusters.optimizer(name).maxSteps(5000).minimizeAll(batch, starts(), 0.3);
        List<OptimizationResult> continued = Clusters.optimizer(name).maxSteps(5000).continueAll(batch, loose, 1e-3);
        List<OptimizationResult> direct = Clusters.optimizer(name).maxSteps(5000).minimizeAll(batch, starts(), 1e-3);
        for (int k = 0; k < SIZES.length; k++) {
            assertTrue(continued.get(k).converged(), continued.get(k)::toString);
            assertArrayEquals(direct.get(k).positions(), continued.get(k).positions(), 0);
            assertEquals(direct.get(k).steps(), loose.get(k).steps() + continued.get(k).steps());
        }
        // the state moved on with the continuation: continuing the same results again starts afresh
        List<OptimizationResult> again = Clusters.optimizer(name).maxSteps(5000).continueAll(batch, loose, 1e-3);
        List<OptimizationResult> fresh = Clusters.optimizer(name).maxSteps(5000)
                .minimizeAll(batch, loose.stream().map(OptimizationResult::positions).toList(), 1e-3);
        for (int k = 0; k < SIZES.length; k++) {
            assertArrayEquals(fresh.get(k).positions(), again.get(k).positions(), 0);
        }
    }

    @Test
    void aFailingStructureStopsAloneWhileTheOthersFinish() {
        List<Potential> members = members();
        Potential healthy = members.get(1);
        int[] calls = {0};
        members.set(1, new Potential() {
            @Override
            public int atomCount() {
                return 13;
            }

            @Override
            public double compute(double[] positions, double[] forces) {
                if (++calls[0] > 3) {
                    throw new CalculationException("model diverged");
                }
                return healthy.compute(positions, forces);
            }
        });
        List<OptimizationResult> results = new Lbfgs().minimizeAll(BatchPotential.sequential(members), starts(), 1e-3);
        assertEquals(StopReason.CALCULATION_FAILED, results.get(1).stopReason());
        assertEquals(2, results.get(1).steps());
        for (int k : new int[] {0, 2, 3}) {
            OptimizationResult single = new Lbfgs().minimize(Clusters.lennardJones(SIZES[k]), starts().get(k), 1e-3);
            assertTrue(results.get(k).converged());
            assertArrayEquals(single.positions(), results.get(k).positions(), 0);
        }
    }

    /** Records which structures each batch call evaluated. */
    private static final class CountingBatch implements BatchPotential {
        final List<boolean[]> calls = new ArrayList<>();
        private final BatchPotential inner;

        CountingBatch(BatchPotential inner) {
            this.inner = inner;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int atomCount(int k) {
            return inner.atomCount(k);
        }

        @Override
        public void compute(double[][] positions, double[][] forces, double[] energies, boolean[] active) {
            calls.add(active.clone());
            inner.compute(positions, forces, energies, active);
        }
    }
}
