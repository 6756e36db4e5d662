package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.Geometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every optimizer finds the published global minima of small Lennard-Jones clusters from nearby starts. */
class KnownMinimaTest {
    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void lj13FromPerturbedIcosahedron(String name) {
        for (long seed = 1; seed <= 3; seed++) {
            OptimizationResult r = Clusters.optimizer(name).maxSteps(5000)
                    .minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(seed), 1e-3);
            assertMinimum(r, Clusters.LJ13_MINIMUM);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lbfgs", "Fire", "Bfgs"})
    void lj7FromPerturbedBipyramid(String name) {
        OptimizationResult r = Clusters.optimizer(name).maxSteps(5000)
                .minimize(Clusters.lennardJones(7), Clusters.perturbedLj7(7), 1e-3);
        assertMinimum(r, Clusters.LJ7_MINIMUM);
    }

    @Test
    void withoutTheEnergyRiseGuardLbfgsCanJumpToAnotherMinimum() {
        // ASE's plain L-BFGS (no preconditioner, initial Hessian 70 eV/Å², no guard): from this start a long step hits the repulsive wall
        // and the run ends in a defect minimum
        OptimizationResult r = new Lbfgs().preconditioner(0).initialHessianEvPerA2(70).maxEnergyRiseEv(Double.POSITIVE_INFINITY)
                .minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(1), 1e-3);
        assertTrue(r.converged());
        assertTrue(r.energyEv() > Clusters.LJ13_MINIMUM + 1, r::toString);
        OptimizationResult guarded = new Lbfgs().minimize(Clusters.lennardJones(13), Clusters.perturbedLj13(1), 1e-3);
        assertEquals(Clusters.LJ13_MINIMUM, guarded.energyEv(), 1e-4);
    }

    private static void assertMinimum(OptimizationResult r, double expected) {
        assertTrue(r.converged(), r::toString);
        assertEquals(StopReason.CONVERGED, r.stopReason());
        assertEquals(expected, r.energyEv(), 1e-4, r::toString);
        assertTrue(r.fmaxEvPerA() <= 1e-3);
        assertEquals(r.fmaxEvPerA(), Geometry.maxAtomForce(r.forces()), 0);
        assertEquals(r.steps() + 1, r.energyPerStepEv().length);
        assertEquals(r.steps() + 1, r.forceEvaluations());
        assertEquals(r.energyEv(), r.energyPerStepEv()[r.steps()], 0);
        double[] check = new double[r.positions().length];
        assertEquals(r.energyEv(), Clusters.lennardJones(r.positions().length / 3).compute(r.positions(), check), 1e-12);
    }
}
