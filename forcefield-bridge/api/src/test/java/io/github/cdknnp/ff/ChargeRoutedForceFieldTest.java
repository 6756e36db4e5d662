package io.github.cdknnp.ff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChargeRoutedForceFieldTest {
    /** Methylamine's heavy atoms and hydrogens (roughly placed); as methylammonium one more H on N. */
    private static final int[] METHYLAMMONIUM = {6, 7, 1, 1, 1, 1, 1, 1};
    private static final double[] METHYLAMMONIUM_XYZ = {
        0, 0, 0, 1.49, 0, 0, -0.36, 1.03, 0, -0.36, -0.51, 0.89, -0.36, -0.51, -0.89,
        1.86, 0.97, 0, 1.86, -0.48, 0.84, 1.86, -0.48, -0.84};
    private static final int[] METHANE = {6, 1, 1, 1, 1};
    private static final double[] METHANE_XYZ = {0, 0, 0, 0.63, 0.63, 0.63, -0.63, -0.63, 0.63, -0.63, 0.63, -0.63,
        0.63, -0.63, -0.63};

    private final AtomicInteger loads = new AtomicInteger();
    private final NnpForceField neutral = NnpForceField.load("reference");
    private final ChargeRoutedForceField routed = new ChargeRoutedForceField(neutral, NnpForceField.CHARGED_MODEL_NAME,
            () -> {
                loads.incrementAndGet();
                return NnpForceField.loadEmbedded(NnpForceField.CHARGED_MODEL_NAME, "reference");
            });

    @Test
    void neutralMoleculesGetTheDefaultModelAndNothingElseIsLoaded() {
        AtomicSystem methane = new AtomicSystem(METHANE, 0);
        assertSame(neutral, routed.modelFor(0));
        assertEquals(energy(neutral, methane, METHANE_XYZ), energy(routed, methane, METHANE_XYZ), 0);
        assertEquals(0, loads.get());
    }

    @Test
    void ionsGetTheChargedModelLoadedOnce() {
        AtomicSystem ion = new AtomicSystem(METHYLAMMONIUM, 1);
        double e = energy(routed, ion, METHYLAMMONIUM_XYZ);
        NnpForceField charged = routed.modelFor(1);
        assertEquals(NnpForceField.CHARGED_MODEL_NAME, charged.name());
        assertEquals(energy(charged, ion, METHYLAMMONIUM_XYZ), e, 0);
        routed.modelFor(-1);
        assertEquals(1, loads.get());
        assertTrue(routed.description().contains(NnpForceField.CHARGED_MODEL_NAME), routed.description());
    }

    @Test
    void aChargeNoModelTakesIsRefusedNamingTheChargedModel() {
        AtomicSystem tooCharged = new AtomicSystem(METHYLAMMONIUM, 3);
        UnsupportedChargeException e = assertThrows(UnsupportedChargeException.class, () -> routed.check(tooCharged));
        assertTrue(e.getMessage().contains(NnpForceField.CHARGED_MODEL_NAME), e.getMessage());
    }

    @Test
    void aMixedBatchGivesEachMoleculeItsModel() {
        AtomicSystem methane = new AtomicSystem(METHANE, 0);
        AtomicSystem ion = new AtomicSystem(METHYLAMMONIUM, 1);
        BatchPotential batch = routed.bindBatch(List.of(methane, ion));
        double[] energies = new double[2];
        batch.compute(new double[][] {METHANE_XYZ, METHYLAMMONIUM_XYZ},
                new double[][] {new double[METHANE_XYZ.length], new double[METHYLAMMONIUM_XYZ.length]}, energies,
                new boolean[] {true, true});
        assertEquals(energy(neutral, methane, METHANE_XYZ), energies[0], 1e-9);
        assertEquals(energy(routed.modelFor(1), ion, METHYLAMMONIUM_XYZ), energies[1], 1e-9);
    }

    private static double energy(ForceField ff, AtomicSystem system, double[] xyz) {
        return ff.bind(system).compute(xyz, new double[xyz.length]);
    }
}
