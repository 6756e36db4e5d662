package io.github.cdknnp.conformers;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;

/** Turning one side of a molecule about a bond: stereo repair of double bonds and torsion sampling. */
final class BondRotation {
    private BondRotation() {
    }

    /** Atoms reached from v without crossing the bond u–v, or null when u is reached too (a ring bond). */
    static int[] side(IAtomContainer molecule, int u, int v) {
        int[] side = reach(molecule, v, u);
        for (int k = 1; k < side.length; k++) {
            if (molecule.getBond(molecule.getAtom(side[k]), molecule.getAtom(u)) != null) {
                return null;
            }
        }
        return side;
    }

    /** {@code start} and every atom reached from it without entering one of {@code blocked}, start first. */
    static int[] reach(IAtomContainer molecule, int start, int... blocked) {
        boolean[] seen = new boolean[molecule.getAtomCount()];
        for (int b : blocked) {
            seen[b] = true;
        }
        seen[start] = true;
        List<Integer> atoms = new ArrayList<>(List.of(start));
        for (int k = 0; k < atoms.size(); k++) {
            for (IAtom n : molecule.getConnectedAtomsList(molecule.getAtom(atoms.get(k)))) {
                int j = molecule.indexOf(n);
                if (!seen[j]) {
                    seen[j] = true;
                    atoms.add(j);
                }
            }
        }
        return atoms.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Rotates the atoms of {@code side} by {@code angle} (radians, right-handed) about the axis u → v. */
    static void rotate(double[] r, int u, int v, int[] side, double angle) {
        double[] a = {r[3 * v] - r[3 * u], r[3 * v + 1] - r[3 * u + 1], r[3 * v + 2] - r[3 * u + 2]};
        double norm = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        for (int x = 0; x < 3; x++) {
            a[x] /= norm;
        }
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int atom : side) {
            double[] d = {r[3 * atom] - r[3 * v], r[3 * atom + 1] - r[3 * v + 1], r[3 * atom + 2] - r[3 * v + 2]};
            double along = d[0] * a[0] + d[1] * a[1] + d[2] * a[2];
            double[] c = {a[1] * d[2] - a[2] * d[1], a[2] * d[0] - a[0] * d[2], a[0] * d[1] - a[1] * d[0]};
            for (int x = 0; x < 3; x++) {
                r[3 * atom + x] = r[3 * v + x] + d[x] * cos + c[x] * sin + a[x] * along * (1 - cos);
            }
        }
    }
}
