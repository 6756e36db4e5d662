package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class RmsdTest {
    private static double[] cloud(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[3 * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextGaussian() * 2;
        }
        return x;
    }

    private static double[] rotateAndShift(double[] x, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i += 3) {
            double a = c * x[i] - s * x[i + 1];
            double b = s * x[i] + c * x[i + 1];
            double z = x[i + 2];
            // then a rotation about x
            y[i] = a + 3;
            y[i + 1] = c * b - s * z - 1;
            y[i + 2] = s * b + c * z + 7;
        }
        return y;
    }

    @Test
    void rigidMotionsGiveZeroAndADisplacementGivesItsRmsd() {
        double[] a = cloud(12, 1);
        assertEquals(0, Superposition.rmsd(a, rotateAndShift(a, 1.1), null, null), 1e-6);
        double[] b = a.clone();
        b[0] += 1.2;
        double rmsd = Superposition.rmsd(a, b, null, null);
        assertTrue(rmsd > 0 && rmsd < 1.2 / Math.sqrt(12), "superposition lowers the plain RMSD: " + rmsd);
    }

    @Test
    void aMirrorImageIsNotSuperimposable() {
        double[] a = {0, 0, 0, 1.5, 0, 0, 0, 1.5, 0, 0, 0, 1.5, 0.7, 0.7, 0.3};
        double[] mirror = a.clone();
        for (int i = 2; i < mirror.length; i += 3) {
            mirror[i] = -mirror[i];
        }
        assertTrue(Superposition.rmsd(a, mirror, null, null) > 0.1);
    }

    @Test
    void symmetryEquivalentAtomsMayBeSwapped() throws Exception {
        IAtomContainer isobutane = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CC(C)C");
        double[] a = {0, 0, 0, 1.5, 0, 0, 2.0, 1.4, 0, 2.0, -0.7, 1.2};
        double[] swapped = a.clone();
        System.arraycopy(a, 6, swapped, 0, 3);
        System.arraycopy(a, 0, swapped, 6, 3);
        for (int i = 0; i < 4; i++) {
            isobutane.getAtom(i).setPoint3d(new Point3d(a[3 * i], a[3 * i + 1], a[3 * i + 2]));
        }
        SymmetricRmsd rmsd = SymmetricRmsd.of(isobutane);
        assertEquals(6, rmsd.symmetries(), "three equivalent methyls");
        assertTrue(Superposition.rmsd(a, swapped, null, null) > 0.1);
        assertEquals(0, rmsd.between(a, swapped), 1e-6);
    }

    @Test
    void coverageAndMatchingCountWhatIsWithinTheThreshold() throws Exception {
        IAtomContainer propanol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("CCCO");
        SymmetricRmsd rmsd = SymmetricRmsd.of(propanol);
        double[] ref1 = {0, 0, 0, 1.5, 0, 0, 2.0, 1.4, 0, 3.4, 1.4, 0};
        double[] ref2 = {0, 0, 0, 1.5, 0, 0, 2.0, 1.4, 0, 1.5, 2.0, 1.2};
        double[] gen = ref1.clone();
        CoverageMetrics m = CoverageMetrics.of(rmsd, List.of(ref1, ref2), List.of(gen, gen), 0.1);
        assertTrue(rmsd.between(ref1, ref2) > 0.3, "gauche and anti differ");
        assertEquals(0.5, m.covR(), 1e-12);
        assertEquals(1.0, m.covP(), 1e-12);
        assertEquals(0.0, m.matP(), 1e-6);
        assertEquals(rmsd.between(ref2, gen) / 2, m.matR(), 1e-9);
    }
}
