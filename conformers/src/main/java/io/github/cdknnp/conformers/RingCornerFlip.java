package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.interfaces.ITetrahedralChirality;

/**
 * Flips a corner of a saturated ring to the other side of the ring's mean plane: the corner atom and its
 * exocyclic substituents turn rigidly about the line through its two ring neighbours (so no bond length changes
 * and the corner keeps its configuration). Repeated on random corners it moves a ring between chair, boat,
 * envelope and twist forms, which NNP refinement then settles; torsion sampling alone keeps the seed's ring.
 * Corners qualify when the atom is in exactly one ring of 5 to 8 atoms, is not aromatic, has only single bonds,
 * and neither ring neighbour is a declared tetrahedral stereocentre (whose configuration the flip could
 * invert).
 *
 * @param corner the corner atom
 * @param before its ring neighbour on one side, {@code after} on the other
 * @param ring   the ring's atoms in path order
 * @param moving the corner and its exocyclic substituents (the atoms the flip moves)
 */
record RingCornerFlip(int corner, int before, int after, int[] ring, int[] moving) {

    /** Every qualifying corner of a molecule (atom indices of this container). */
    static List<RingCornerFlip> of(IAtomContainer molecule) {
        int n = molecule.getAtomCount();
        int[][] paths = Cycles.sssr(molecule).paths();
        int[] ringCount = new int[n];
        for (int[] path : paths) {
            for (int k = 0; k + 1 < path.length; k++) {
                ringCount[path[k]]++;
            }
        }
        BitSet stereoCentres = new BitSet(n);
        for (IStereoElement<?, ?> element : molecule.stereoElements()) {
            if (element instanceof ITetrahedralChirality t) {
                stereoCentres.set(molecule.indexOf(t.getChiralAtom()));
            }
        }
        IAtomContainer perceived = DistanceGraph.withAromaticity(molecule);
        List<RingCornerFlip> corners = new ArrayList<>();
        for (int[] path : paths) {
            int size = path.length - 1;
            if (size < 5 || size > 8) {
                continue;
            }
            int[] ring = Arrays.copyOf(path, size);
            for (int k = 0; k < size; k++) {
                int a = ring[k];
                int p = ring[(k + size - 1) % size];
                int q = ring[(k + 1) % size];
                if (ringCount[a] != 1 || perceived.getAtom(a).isAromatic() || stereoCentres.get(p) || stereoCentres.get(q)
                        || !saturated(perceived, a)) {
                    continue;
                }
                corners.add(new RingCornerFlip(a, p, q, ring, BondRotation.reach(molecule, a, p, q)));
            }
        }
        return corners;
    }

    /** Whether every bond of the atom is single. */
    private static boolean saturated(IAtomContainer molecule, int atom) {
        for (IBond b : molecule.getConnectedBondsList(molecule.getAtom(atom))) {
            if (b.getOrder() != IBond.Order.SINGLE || b.isAromatic()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns the corner (with its substituents) about the line through its ring neighbours until its height above
     * that line, along the normal of the ring's mean plane, changes sign ({@code r}: {@code [x0, y0, z0, x1, ...]},
     * Å, changed in place).
     */
    void apply(double[] r) {
        double[] axis = unit(difference(r, after, before));
        double[] normal = meanPlaneNormal(r);
        double along = dot(normal, axis);
        for (int x = 0; x < 3; x++) {
            normal[x] -= along * axis[x];
        }
        normal = unit(normal);
        double[] inPlane = cross(normal, axis);
        double[] w = difference(r, corner, before);
        double alpha = dot(w, inPlane);
        double beta = dot(w, normal);
        // (inPlane, normal, axis) is right-handed: turning by -2 atan2(beta, alpha) about the axis takes the corner
        // from height beta to height -beta
        BondRotation.rotate(r, before, after, moving, -2 * Math.atan2(beta, alpha));
    }

    /** Normal of the ring's mean plane (Newell's method over the ring in path order). */
    private double[] meanPlaneNormal(double[] r) {
        double[] n = new double[3];
        for (int k = 0; k < ring.length; k++) {
            int i = 3 * ring[k];
            int j = 3 * ring[(k + 1) % ring.length];
            n[0] += (r[i + 1] - r[j + 1]) * (r[i + 2] + r[j + 2]);
            n[1] += (r[i + 2] - r[j + 2]) * (r[i] + r[j]);
            n[2] += (r[i] - r[j]) * (r[i + 1] + r[j + 1]);
        }
        return n;
    }

    private static double[] difference(double[] r, int i, int j) {
        return new double[] {r[3 * i] - r[3 * j], r[3 * i + 1] - r[3 * j + 1], r[3 * i + 2] - r[3 * j + 2]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] a) {
        double norm = Math.sqrt(dot(a, a));
        return new double[] {a[0] / norm, a[1] / norm, a[2] / norm};
    }
}
