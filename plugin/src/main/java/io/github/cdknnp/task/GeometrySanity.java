package io.github.cdknnp.task;

import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.Geometry;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * Whether optimized coordinates are still the molecule they came from: every bond of its graph within bonding
 * distance (at most 1.15 × the covalent-radius sum), no two unbonded atoms closer than 0.9 × that sum (a bond that the
 * graph does not have), and, for a record without bonds (XYZ), every atom within 1.3 × of a neighbour. A potential
 * evaluated on a scaled-up or torn-apart geometry has no forces and "converges" at once; this tells such a result apart.
 */
public final class GeometrySanity {
    static final double STRETCHED = 1.15;
    static final double CONTACT = 0.9;
    static final double ISOLATED = 1.3;

    private GeometrySanity() {
    }

    /** The first problem of the molecule's own coordinates, or null when sane. */
    public static String problem(IAtomContainer mol) {
        double[] x = new double[3 * mol.getAtomCount()];
        for (int i = 0; i < mol.getAtomCount(); i++) {
            javax.vecmath.Point3d p = mol.getAtom(i).getPoint3d();
            x[3 * i] = p.x;
            x[3 * i + 1] = p.y;
            x[3 * i + 2] = p.z;
        }
        return problem(mol, x);
    }

    /** The first problem found, as a message naming the atoms (1-based) and the distance, or null when sane. */
    public static String problem(IAtomContainer mol, double[] x) {
        int n = mol.getAtomCount();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Elements.covalentRadius(mol.getAtom(i).getAtomicNumber());
        }
        boolean[][] bonded = new boolean[n][n];
        for (IBond b : mol.bonds()) {
            int i = mol.indexOf(b.getBegin());
            int j = mol.indexOf(b.getEnd());
            bonded[i][j] = bonded[j][i] = true;
            double d = Geometry.distance(x, i, j);
            if (d > STRETCHED * (r[i] + r[j])) {
                return String.format(java.util.Locale.ROOT, "not a molecule any more: bond %s%d-%s%d is %.2f Å long",
                        symbol(mol, i), i + 1, symbol(mol, j), j + 1, d);
            }
        }
        for (int i = 0; i < n; i++) {
            boolean hasNeighbour = n == 1;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = Geometry.distance(x, i, j);
                if (mol.getBondCount() > 0 && !bonded[i][j] && j > i && d < CONTACT * (r[i] + r[j])) {
                    return String.format(java.util.Locale.ROOT,
                            "not the input molecule: unbonded atoms %s%d and %s%d are %.2f Å apart (a bond the input does not have)",
                            symbol(mol, i), i + 1, symbol(mol, j), j + 1, d);
                }
                hasNeighbour |= d < ISOLATED * (r[i] + r[j]);
            }
            if (!hasNeighbour && mol.getBondCount() == 0) {
                return String.format(java.util.Locale.ROOT, "not a molecule: atom %s%d has no neighbour within bonding distance "
                        + "(coordinates in Å?)", symbol(mol, i), i + 1);
            }
        }
        return null;
    }

    private static String symbol(IAtomContainer mol, int i) {
        return mol.getAtom(i).getSymbol();
    }
}
