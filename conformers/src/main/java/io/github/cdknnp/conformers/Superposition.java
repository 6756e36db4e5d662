package io.github.cdknnp.conformers;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Root-mean-square deviation after optimal rigid superposition, by Horn's quaternion method
 * (J. Opt. Soc. Am. A 4, 629, 1987): the best rotation's score is the largest eigenvalue of a 4×4 symmetric
 * matrix built from the cross-covariance of the two centred point sets. No reflection is allowed.
 */
public final class Superposition {
    private Superposition() {
    }

    /**
     * RMSD (Å) between two conformations of the same atoms after centring and optimal rotation.
     *
     * @param a     flat coordinates, Å
     * @param b     flat coordinates of the same atoms in the same order, Å
     * @param atoms indices of the atoms to compare (e.g. heavy atoms); all atoms when null
     * @param map   b's atom for each compared atom of a ({@code b[map[k]]} pairs with {@code a[atoms[k]]}), or null for identity
     */
    public static double rmsd(double[] a, double[] b, int[] atoms, int[] map) {
        int n = atoms == null ? a.length / 3 : atoms.length;
        if (n == 0) {
            return 0;
        }
        double[] ca = new double[3];
        double[] cb = new double[3];
        for (int k = 0; k < n; k++) {
            int i = atoms == null ? k : atoms[k];
            int j = map == null ? i : map[k];
            for (int d = 0; d < 3; d++) {
                ca[d] += a[3 * i + d] / n;
                cb[d] += b[3 * j + d] / n;
            }
        }
        double[][] r = new double[3][3];
        double squares = 0;
        for (int k = 0; k < n; k++) {
            int i = atoms == null ? k : atoms[k];
            int j = map == null ? i : map[k];
            for (int p = 0; p < 3; p++) {
                double x = a[3 * i + p] - ca[p];
                squares += x * x;
                double y = b[3 * j + p] - cb[p];
                squares += y * y;
                for (int q = 0; q < 3; q++) {
                    r[p][q] += x * (b[3 * j + q] - cb[q]);
                }
            }
        }
        double[][] f = {
            {r[0][0] + r[1][1] + r[2][2], r[1][2] - r[2][1], r[2][0] - r[0][2], r[0][1] - r[1][0]},
            {r[1][2] - r[2][1], r[0][0] - r[1][1] - r[2][2], r[0][1] + r[1][0], r[0][2] + r[2][0]},
            {r[2][0] - r[0][2], r[0][1] + r[1][0], -r[0][0] + r[1][1] - r[2][2], r[1][2] + r[2][1]},
            {r[0][1] - r[1][0], r[0][2] + r[2][0], r[1][2] + r[2][1], -r[0][0] - r[1][1] + r[2][2]}};
        double[] eigen = new EigenDecomposition(new Array2DRowRealMatrix(f)).getRealEigenvalues();
        double largest = Double.NEGATIVE_INFINITY;
        for (double e : eigen) {
            largest = Math.max(largest, e);
        }
        return Math.sqrt(Math.max(0, (squares - 2 * largest) / n));
    }
}
