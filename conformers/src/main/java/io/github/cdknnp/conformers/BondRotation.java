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
        boolean[] seen = new boolean[molecule.getAtomCount()];
        seen[u] = true;
        seen[v] = true;
        List<Integer> side = new ArrayList<>(List.of(v));
        for (int k = 0; k < side.size(); k++) {
            for (IAtom n : molecule.getConnectedAtomsList(molecule.getAtom(side.get(k)))) {
                int j = molecule.indexOf(n);
                if (j == u && side.get(k) != v) {
                    return null;
                }
                if (!seen[j]) {
                    seen[j] = true;
                    side.add(j);
                }
            }
        }
        return side.stream().mapToInt(Integer::intValue).toArray();
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
