package io.github.cdknnp.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.vecmath.Point3d;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.stereo.StereoElementFactory;

/** StereoCheck agrees with CDK's own perception of stereo from 3D coordinates, and repairs mirror images. */
class StereoCheckTest {
    /** Sets the molecule's stereo elements to what CDK perceives from the given coordinates. */
    private static void perceive(IAtomContainer m, double[] x) {
        for (int i = 0; i < m.getAtomCount(); i++) {
            m.getAtom(i).setPoint3d(new Point3d(x[3 * i], x[3 * i + 1], x[3 * i + 2]));
        }
        m.setStereoElements(StereoElementFactory.using3DCoordinates(m).createAll());
    }

    /** A tetrahedral carbon at the origin with four different neighbours (bromochlorofluoromethane). */
    private static double[] tetrahedral() {
        double s = 1.1 / Math.sqrt(3);
        return new double[] {0, 0, 0, s, s, s, -s, -s, s, -s, s, -s, s, -s, -s};
    }

    @Test
    void handednessMatchesCdkAndMirrorImagesAreRepaired() throws Exception {
        IAtomContainer m = DistanceGraphTest.explicit("C(F)(Cl)Br");
        double[] x = tetrahedral();
        perceive(m, x);
        StereoCheck check = StereoCheck.of(m);
        assertEquals(1, check.centres());
        assertEquals(0, check.invertedCentres(x));
        double[] mirror = x.clone();
        for (int i = 0; i < mirror.length; i += 3) {
            mirror[i] = -mirror[i];
        }
        assertEquals(1, check.invertedCentres(mirror));
        assertTrue(check.repair(mirror));
        assertEquals(0, check.invertedCentres(mirror));
        // the enantiomer, perceived by CDK, is declared the other way round
        perceive(m, mirror.clone());
        double[] reflected = mirror.clone();
        for (int i = 0; i < reflected.length; i += 3) {
            reflected[i] = -reflected[i];
        }
        assertEquals(1, StereoCheck.of(m).invertedCentres(reflected));
    }

    @Test
    void cisTransOfADoubleBondIsChecked() throws Exception {
        IAtomContainer m = DistanceGraphTest.explicit("FC=CF");
        // F0 C1 C2 F3 H4 (on C1) H5 (on C2): planar trans
        double[] trans = {-1.2, 1.0, 0, -0.67, 0, 0, 0.67, 0, 0, 1.2, -1.0, 0, -1.2, -0.95, 0, 1.2, 0.95, 0};
        perceive(m, trans);
        StereoCheck check = StereoCheck.of(m);
        assertEquals(1, check.doubleBonds());
        assertEquals(0, check.flippedDoubleBonds(trans));
        double[] cis = trans.clone();
        cis[10] = 1.0;
        cis[16] = -0.95;
        assertEquals(1, check.flippedDoubleBonds(cis));
        double[] mirror = cis.clone();
        for (int i = 0; i < mirror.length; i += 3) {
            mirror[i] = -mirror[i];
        }
        assertEquals(1, check.flippedDoubleBonds(mirror), "a reflection does not change cis/trans");
    }

    @Test
    void aSingleWrongCentreIsInvertedThroughItsHydrogenKeepingBondLengths() throws Exception {
        // (2R,3R)-butane-2,3-diol from a CDK 3D build; then invert only C2 by hand
        IAtomContainer m = DistanceGraphTest.explicit("C[C@@H](O)[C@H](O)C");
        io.github.cdknnp.ff.cdk.CdkStructure s = io.github.cdknnp.ff.cdk.CdkStructure.of(m, io.github.cdknnp.ff.cdk.CdkStructure.Options.COMPLETE);
        double[] x = s.positions();
        m.setStereoElements(StereoElementFactory.using3DCoordinates(m).createAll());
        StereoCheck check = StereoCheck.of(m);
        assertEquals(2, check.centres());
        assertEquals(0, check.invertedCentres(x));
        // swap the positions of C2's hydrogen and its O: C2 inverted, C3 not
        int c2 = 1;
        int o = 2;
        int h = m.indexOf(m.getConnectedAtomsList(m.getAtom(c2)).stream().filter(a -> a.getAtomicNumber() == 1).findFirst().orElseThrow());
        double[] y = x.clone();
        for (int a = 0; a < 3; a++) {
            double t = y[3 * o + a];
            y[3 * o + a] = y[3 * h + a];
            y[3 * h + a] = t;
        }
        assertEquals(1, check.invertedCentres(y));
        double[] before = bondLengths(m, y);
        assertTrue(check.repair(y));
        assertEquals(0, check.invertedCentres(y));
        double[] after = bondLengths(m, y);
        for (int b = 0; b < before.length; b++) {
            assertEquals(before[b], after[b], 1e-9, "bond " + b);
        }
    }

    @Test
    void aWrongAcyclicDoubleBondIsTurnedAboutItsAxis() throws Exception {
        IAtomContainer m = DistanceGraphTest.explicit("FC=CF");
        double[] trans = {-1.2, 1.0, 0, -0.67, 0, 0, 0.67, 0, 0, 1.2, -1.0, 0, -1.2, -0.95, 0, 1.2, 0.95, 0};
        perceive(m, trans);
        StereoCheck check = StereoCheck.of(m);
        double[] cis = trans.clone();
        cis[10] = 1.0;
        cis[16] = -0.95;
        assertTrue(check.repair(cis));
        assertEquals(0, check.flippedDoubleBonds(cis));
        assertEquals(1.0, Math.abs(cis[10]), 1e-9);
    }

    private static double[] bondLengths(IAtomContainer m, double[] x) {
        double[] d = new double[m.getBondCount()];
        for (int b = 0; b < d.length; b++) {
            d[b] = io.github.cdknnp.ff.Geometry.distance(x, m.indexOf(m.getBond(b).getBegin()), m.indexOf(m.getBond(b).getEnd()));
        }
        return d;
    }
}
