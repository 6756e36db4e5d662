package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IDoubleBondStereochemistry;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.interfaces.ITetrahedralChirality;

/**
 * The tetrahedral centres and double-bond configurations a molecule declares (its CDK stereo elements, from
 * SMILES {@code @}/{@code /} or from the input's coordinates), checked against a conformer's coordinates.
 * Distance-based samplers such as ConfGF cannot tell mirror images apart, so a conformer whose centres are all
 * inverted is repaired by reflection; a conformer still in conflict afterwards (a wrong double bond, or a
 * mixed set of centres) is reported so that it can be dropped.
 */
public final class StereoCheck {
    /** Ligand atom indices per tetrahedral centre; CLOCKWISE centres are stored with a positive sign. */
    private final List<int[]> centres = new ArrayList<>();
    private final List<Integer> centreSign = new ArrayList<>();
    /** Per double bond: {x, u, v, y} with x on u and y on v; TOGETHER stored with a positive sign. */
    private final List<int[]> doubleBonds = new ArrayList<>();
    private final List<Integer> doubleBondSign = new ArrayList<>();

    private StereoCheck() {
    }

    /** Reads the declared stereo of a molecule (atom indices refer to this container). */
    public static StereoCheck of(IAtomContainer molecule) {
        StereoCheck check = new StereoCheck();
        for (IStereoElement<?, ?> element : molecule.stereoElements()) {
            if (element instanceof ITetrahedralChirality t) {
                IAtom[] ligands = t.getLigands();
                int[] idx = new int[4];
                for (int k = 0; k < 4; k++) {
                    idx[k] = molecule.indexOf(ligands[k]);
                }
                if (t.getStereo() != null) {
                    check.centres.add(idx);
                    check.centreSign.add(t.getStereo() == ITetrahedralChirality.Stereo.CLOCKWISE ? 1 : -1);
                }
            } else if (element instanceof IDoubleBondStereochemistry d && d.getStereo() != null) {
                IBond stereo = d.getStereoBond();
                IBond[] ligands = d.getBonds();
                IAtom u = ligands[0].contains(stereo.getBegin()) ? stereo.getBegin() : stereo.getEnd();
                IAtom v = stereo.getOther(u);
                int[] idx = {molecule.indexOf(ligands[0].getOther(u)), molecule.indexOf(u), molecule.indexOf(v),
                    molecule.indexOf(ligands[1].getOther(v))};
                check.doubleBonds.add(idx);
                check.doubleBondSign.add(d.getStereo() == IDoubleBondStereochemistry.Conformation.TOGETHER ? 1 : -1);
            }
        }
        return check;
    }

    /** Declared tetrahedral centres. */
    public int centres() {
        return centres.size();
    }

    /** Declared double-bond configurations. */
    public int doubleBonds() {
        return doubleBonds.size();
    }

    /** Tetrahedral centres whose handedness in these coordinates differs from the declared one. */
    public int invertedCentres(double[] r) {
        int wrong = 0;
        for (int k = 0; k < centres.size(); k++) {
            int[] l = centres.get(k);
            if (Math.signum(signedVolume(r, l[0], l[1], l[2], l[3])) != centreSign.get(k)) {
                wrong++;
            }
        }
        return wrong;
    }

    /** Double bonds whose cis/trans arrangement in these coordinates differs from the declared one. */
    public int flippedDoubleBonds(double[] r) {
        int wrong = 0;
        for (int k = 0; k < doubleBonds.size(); k++) {
            int[] a = doubleBonds.get(k);
            double dot = 0;
            double[] axis = sub(r, a[2], a[1]);
            double[] p = perpendicular(sub(r, a[0], a[1]), axis);
            double[] q = perpendicular(sub(r, a[3], a[2]), axis);
            for (int x = 0; x < 3; x++) {
                dot += p[x] * q[x];
            }
            if (Math.signum(dot) != doubleBondSign.get(k)) {
                wrong++;
            }
        }
        return wrong;
    }

    /**
     * Reflects the conformer through the yz plane when more than half of its centres are inverted (a mirror
     * image keeps every double bond), then reports whether every declared configuration holds.
     *
     * @return true when the conformer (possibly reflected in place) matches all declared stereo
     */
    public boolean repair(double[] r) {
        if (2 * invertedCentres(r) > centres.size()) {
            for (int i = 0; i < r.length; i += 3) {
                r[i] = -r[i];
            }
        }
        return invertedCentres(r) == 0 && flippedDoubleBonds(r) == 0;
    }

    /** det[b − a, c − a, d − a]: positive when b, c, d run clockwise seen from a (CDK's CLOCKWISE). */
    private static double signedVolume(double[] r, int a, int b, int c, int d) {
        double[] u = sub(r, b, a);
        double[] v = sub(r, c, a);
        double[] w = sub(r, d, a);
        return u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0]);
    }

    private static double[] sub(double[] r, int i, int j) {
        return new double[] {r[3 * i] - r[3 * j], r[3 * i + 1] - r[3 * j + 1], r[3 * i + 2] - r[3 * j + 2]};
    }

    private static double[] perpendicular(double[] v, double[] axis) {
        double aa = axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2];
        double va = (v[0] * axis[0] + v[1] * axis[1] + v[2] * axis[2]) / aa;
        return new double[] {v[0] - va * axis[0], v[1] - va * axis[1], v[2] - va * axis[2]};
    }
}
