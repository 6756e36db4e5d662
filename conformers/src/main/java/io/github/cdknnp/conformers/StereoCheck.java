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
 * SMILES {@code @}/{@code /} or from the input's coordinates), checked against a conformer's coordinates and
 * repaired where an exact geometric move exists. Distance-based samplers such as ConfGF cannot tell mirror
 * images apart, nor know which diastereomer is wanted, so {@link #repair}: reflects the whole conformer when
 * most centres are inverted; inverts a remaining wrong centre that has a terminal ligand (e.g. its H) by
 * reflecting that ligand and the centre through the plane of the other three (every bond length kept); turns
 * a wrong acyclic double bond by rotating one side 180° about the bond. A conformer still in conflict is
 * reported so that it can be dropped.
 */
public final class StereoCheck {
    /** Ligand atom indices per tetrahedral centre; CLOCKWISE centres are stored with a positive sign. */
    private final List<int[]> centres = new ArrayList<>();
    private final List<Integer> centreSign = new ArrayList<>();
    /** Per double bond: {x, u, v, y} with x on u and y on v; TOGETHER stored with a positive sign. */
    private final List<int[]> doubleBonds = new ArrayList<>();
    private final List<Integer> doubleBondSign = new ArrayList<>();
    /** Per centre: the index of the chiral atom. */
    private final List<Integer> focus = new ArrayList<>();
    /** Per centre: position (0..3) of a terminal ligand, or -1. */
    private final List<Integer> terminalLigand = new ArrayList<>();
    /** Per double bond: the atoms on v's side when the bond is not in a ring, else null. */
    private final List<int[]> rotatableSide = new ArrayList<>();

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
                    int terminal = -1;
                    for (int k = 0; k < 4; k++) {
                        if (ligands[k] == t.getChiralAtom()) {
                            terminal = -1;   // an implicit hydrogen: no position to move
                            break;
                        }
                        if (terminal < 0 && molecule.getConnectedBondsCount(ligands[k]) == 1) {
                            terminal = k;
                        }
                    }
                    check.terminalLigand.add(terminal);
                    check.focus.add(molecule.indexOf(t.getChiralAtom()));
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
                check.rotatableSide.add(BondRotation.side(molecule, idx[1], idx[2]));
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
            wrong += flipped(r, k) ? 1 : 0;
        }
        return wrong;
    }

    private boolean flipped(double[] r, int k) {
        int[] a = doubleBonds.get(k);
        double[] axis = sub(r, a[2], a[1]);
        double[] p = perpendicular(sub(r, a[0], a[1]), axis);
        double[] q = perpendicular(sub(r, a[3], a[2]), axis);
        return Math.signum(p[0] * q[0] + p[1] * q[1] + p[2] * q[2]) != doubleBondSign.get(k);
    }

    /** Reflects ligand t and the centre through the plane of the other three ligands. */
    private static void invert(double[] r, int centre, int[] ligands, int t) {
        int[] plane = new int[3];
        for (int k = 0, m = 0; k < 4; k++) {
            if (k != t) {
                plane[m++] = ligands[k];
            }
        }
        double[] n = cross(sub(r, plane[1], plane[0]), sub(r, plane[2], plane[0]));
        double norm = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (norm < 1e-9) {
            return;
        }
        for (int atom : new int[] {centre, ligands[t]}) {
            double[] d = sub(r, atom, plane[0]);
            double h = (d[0] * n[0] + d[1] * n[1] + d[2] * n[2]) / (norm * norm);
            for (int x = 0; x < 3; x++) {
                r[3 * atom + x] -= 2 * h * n[x];
            }
        }
    }

    /** Rotates the atoms of {@code side} by 180° about the axis u → v. */
    private static void turn(double[] r, int u, int v, int[] side) {
        BondRotation.rotate(r, u, v, side, Math.PI);
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    /**
     * Repairs the conformer in place as the class describes and reports whether every declared configuration
     * holds afterwards.
     *
     * @return true when the (possibly repaired) conformer matches all declared stereo
     */
    public boolean repair(double[] r) {
        if (2 * invertedCentres(r) > centres.size()) {
            for (int i = 0; i < r.length; i += 3) {
                r[i] = -r[i];
            }
        }
        for (int k = 0; k < centres.size(); k++) {
            int[] l = centres.get(k);
            int t = terminalLigand.get(k);
            if (t >= 0 && Math.signum(signedVolume(r, l[0], l[1], l[2], l[3])) != centreSign.get(k)) {
                invert(r, focus.get(k), l, t);
            }
        }
        for (int k = 0; k < doubleBonds.size(); k++) {
            int[] side = rotatableSide.get(k);
            if (side != null && flipped(r, k)) {
                turn(r, doubleBonds.get(k)[1], doubleBonds.get(k)[2], side);
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
