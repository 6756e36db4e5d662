package io.github.cdknnp.ff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitteeTest {
    /** Water near its minimum, and the same water squeezed to an O-H of 0.75 Å (a place no training structure was). */
    private static final double[] WATER = {0, 0, 0.117, 0, 0.757, -0.469, 0, -0.757, -0.469};
    private static final double[] SQUEEZED = {0, 0, 0.117, 0, 0.55, -0.40, 0, -0.757, -0.469};
    private static final AtomicSystem SYSTEM = AtomicSystem.neutral(8, 1, 1);

    @Test
    void identicalMembersDoNotDisagree() {
        NnpForceField ff = NnpForceField.load("reference");
        Committee.Disagreement d = new Committee(List.of(ff, ff), 0.2, "test").disagreement(SYSTEM, WATER);
        assertEquals(0.0, d.forceSpreadEvPerA(), 0.0);
        assertEquals(0.0, d.energySpreadEv(), 0.0);
    }

    @Test
    void theShippedCommitteeAgreesNearAMinimumAndDisagreesFarFromIt() {
        Committee c = Committee.embedded(NnpForceField.DEFAULT_MODEL_NAME, "reference");
        Committee.Disagreement near = c.disagreement(SYSTEM, WATER);
        Committee.Disagreement far = c.disagreement(SYSTEM, SQUEEZED);
        assertTrue(near.forceSpreadEvPerA() > 0 && near.forceSpreadEvPerA() < c.forceWarningEvPerA(), near.toString());
        assertTrue(far.forceSpreadEvPerA() > 3 * near.forceSpreadEvPerA(), near + " " + far);
        assertTrue(c.description().contains("painn-dft-v1-c2") && c.description().contains("eV/Å"), c.description());
    }

    @Test
    void onlyTheDefaultModelHasACommittee() {
        assertTrue(assertThrows(ModelLoadException.class, () -> Committee.embedded("painn-xtb-v4", "reference"))
                .getMessage().contains("no committee is shipped"));
        NnpForceField ff = NnpForceField.load("reference");
        assertThrows(IllegalArgumentException.class, () -> new Committee(List.of(ff), 0.2, "one"));
    }
}
