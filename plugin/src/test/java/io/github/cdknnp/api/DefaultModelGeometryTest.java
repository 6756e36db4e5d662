package io.github.cdknnp.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.conformers.BondLengthDeviation;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.molecules.TestMolecules;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The embedded default model turns CDK ModelBuilder3D starts of the drug test set into sane geometries:
 * bond lengths compared with the GFN2-xTB-optimized geometry of each molecule
 * ({@code test-molecules/recipes/xtb_optimized_drugs.py}).
 */
class DefaultModelGeometryTest {
    @TempDir
    Path dir;

    @Test
    void modelBuilder3dStartsOptimizeToGfn2BondLengths() throws Exception {
        Path reference = dir.resolve("drugs-gfn2-opt.sdf");
        try (InputStream in = TestMolecules.class.getResourceAsStream("drugs-gfn2-opt.sdf")) {
            Files.copy(in, reference);
        }
        NnpForceField ff = NnpForceField.load();
        List<String> report = new ArrayList<>();
        int molecules = 0;
        int within = 0;
        try (MoleculeReader reader = MoleculeReader.open(List.of(reference))) {
            for (MoleculeRecord r : reader) {
                IAtomContainer mol = r.molecule();
                double[] xtb = CdkStructure.of(mol, CdkStructure.Options.STRICT).positions();
                IAtomContainer start = mol.clone();
                start.atoms().forEach(a -> a.setPoint3d(null));
                OptimizationResult opt = Lbfgs.on(ff).maxSteps(2000).minimize(start, 0.05, CdkStructure.Options.COMPLETE);
                BondLengthDeviation dev = BondLengthDeviation.of(mol, opt.positions(), xtb);
                molecules++;
                boolean ok = opt.converged() && dev.meanAbsAngstrom() <= 0.03;
                within += ok ? 1 : 0;
                report.add(String.format(Locale.ROOT, "%s: converged %s, bond MAE %.4f Å, max %.3f Å (%s)", r.title(),
                        opt.converged(), dev.meanAbsAngstrom(), dev.maxAbsAngstrom(), dev.worstBond()));
            }
        }
        assertTrue(molecules >= 20, "at least 20 drug-like molecules, got " + molecules);
        assertTrue(within >= 20, within + " of " + molecules + " molecules converged with bond MAE ≤ 0.03 Å:\n"
                + String.join("\n", report));
    }
}
