package io.github.cdknnp.api;

import io.github.cdknnp.conformers.BondLengthDeviation;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.molecules.TestMolecules;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * How well a force field turns rough 3D starts into real geometries: for each molecule of the drug test set
 * with a GFN2-xTB-optimized reference ({@code drugs-gfn2-opt.sdf}), the coordinates are dropped, rebuilt with
 * CDK ModelBuilder3D, optimized with L-BFGS to fmax 0.05 eV/Å, and the bond lengths compared with the
 * reference's.
 */
public final class GeometryCheck {
    /**
     * One molecule's outcome.
     *
     * @param title     molecule name
     * @param atoms     atom count
     * @param start     the ModelBuilder3D start against the reference (null when the molecule failed)
     * @param optimized the optimized geometry against the reference (null when the molecule failed)
     * @param result    the optimization (null when the molecule failed)
     * @param error     why the molecule failed, or null
     */
    public record Row(String title, int atoms, BondLengthDeviation start, BondLengthDeviation optimized,
            OptimizationResult result, String error) {
    }

    private GeometryCheck() {
    }

    /** Runs the check on the drug test set. */
    public static List<Row> drugs(ForceField forceField) {
        try {
            Path reference = Files.createTempFile("cdk-nnp-gfn2", ".sdf");
            try (InputStream in = TestMolecules.class.getResourceAsStream("drugs-gfn2-opt.sdf")) {
                Files.copy(in, reference, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                return run(forceField, reference);
            } finally {
                Files.deleteIfExists(reference);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the check on the molecules of an SDF whose coordinates are the reference geometries. */
    public static List<Row> run(ForceField forceField, Path referenceSdf) {
        List<Row> rows = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(referenceSdf))) {
            for (MoleculeRecord r : reader) {
                IAtomContainer mol = r.molecule();
                try {
                    double[] reference = CdkStructure.of(mol, CdkStructure.Options.STRICT).positions();
                    IAtomContainer start = mol.clone();
                    start.atoms().forEach(a -> a.setPoint3d(null));
                    double[] x0 = CdkStructure.of(start, CdkStructure.Options.COMPLETE).positions();
                    OptimizationResult opt = Lbfgs.on(forceField).maxSteps(2000).minimize(start, 0.05);
                    rows.add(new Row(r.title(), mol.getAtomCount(), BondLengthDeviation.of(mol, x0, reference),
                            BondLengthDeviation.of(mol, opt.positions(), reference), opt, null));
                } catch (RuntimeException | CloneNotSupportedException e) {
                    rows.add(new Row(r.title(), mol.getAtomCount(), null, null, null, String.valueOf(e.getMessage())));
                }
            }
        }
        return rows;
    }
}
