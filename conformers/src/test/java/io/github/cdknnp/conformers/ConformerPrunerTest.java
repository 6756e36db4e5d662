package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class ConformerPrunerTest {
    private static double[] noisy(double[] x, double sigma, long seed) {
        Random r = new Random(seed);
        double[] y = x.clone();
        for (int k = 0; k < y.length; k++) {
            y[k] += sigma * r.nextGaussian();
        }
        return y;
    }

    @Test
    void selectionSpreadsTheSetThenFillsItLowestFirstAndReturnsItByEnergy() throws Exception {
        SymmetricRmsd rmsd = SymmetricRmsd.of(new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CCC(N)CCO"));
        double[] lowest = noisy(new double[21], 2.0, 1);
        double[] near = noisy(lowest, 0.45, 2);
        double[] far = noisy(new double[21], 2.0, 3);
        double[] duplicate = noisy(lowest, 0.05, 4);
        List<double[]> positions = List.of(far, near, duplicate, lowest);
        double[] energies = {2.0, 1.0, 0.5, 0.0};
        assertTrue(rmsd.between(lowest, near) > 0.5 && rmsd.between(lowest, near) < 1.0, "near: " + rmsd.between(lowest, near));
        assertTrue(rmsd.between(lowest, far) > 1.0 && rmsd.between(near, far) > 1.0);
        ConformerPruner pruner = new ConformerPruner(6.0, 0.5);

        assertEquals(List.of(3, 1, 0), pruner.prune(rmsd, positions, energies), "the duplicate is pruned");
        assertEquals(List.of(3, 1), pruner.select(rmsd, positions, energies, 2, 0.5), "no spread: the lowest two");
        assertEquals(List.of(3, 0), pruner.select(rmsd, positions, energies, 2, 1.0), "spread 1 Å: the near one waits");
        assertEquals(List.of(3, 1, 0), pruner.select(rmsd, positions, energies, 3, 1.0), "filled, by energy");
        assertEquals(List.of(3, 1), new ConformerPruner(1.5, 0.5).select(rmsd, positions, energies, 2, 1.0),
                "the window comes first");
    }
}
