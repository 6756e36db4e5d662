package io.github.cdknnp.opt;

import io.github.cdknnp.ff.Geometry;

/** The few vector operations the optimizers share, on flat {@code [x0, y0, z0, x1, ...]} arrays. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** y += a·x. */
    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** Scales {@code dx} uniformly so that no atom moves further than {@code maxStep} (as ASE does). */
    static void limitAtomStep(double[] dx, double maxStep) {
        double longest = Geometry.maxAtomForce(dx); // the largest per-atom norm, whatever the vector holds
        if (longest > maxStep) {
            double scale = maxStep / longest;
            for (int i = 0; i < dx.length; i++) {
                dx[i] *= scale;
            }
        }
    }

    /** Sets the three components of each listed atom to zero. */
    static void zeroAtoms(double[] v, int[] atoms) {
        for (int atom : atoms) {
            v[3 * atom] = 0;
            v[3 * atom + 1] = 0;
            v[3 * atom + 2] = 0;
        }
    }
}
