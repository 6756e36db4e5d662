package io.github.cdknnp.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ExpPreconditioner solves P z = q for the matrix of Packwood et al., written out densely here. */
class ExpPreconditionerTest {
    /** Ethanol-like geometry: C–C 1.52, C–O 1.43, C–H 1.09, O–H 0.96 Å (rough, not a minimum). */
    private static final double[] ETHANOL = {
        0.000, 0.000, 0.000, 1.520, 0.000, 0.000, 2.010, 1.340, 0.000,
        -0.360, -1.030, 0.000, -0.360, 0.510, 0.890, -0.360, 0.510, -0.890,
        1.880, -0.510, 0.890, 1.880, -0.510, -0.890, 2.970, 1.330, 0.000};

    @Test
    void solvesTheDenseSystem() {
        double mu = 6;
        int n = ETHANOL.length / 3;
        double[][] p = denseMatrix(ETHANOL, mu);
        double[] q = new Random(3).doubles(3 * n, -1, 1).toArray();
        double[] z = new double[3 * n];
        new ExpPreconditioner(mu).solve(ETHANOL, q, z);
        for (int a = 0; a < 3 * n; a++) {
            double pz = 0;
            for (int b = 0; b < 3 * n; b++) {
                pz += p[a][b] * z[b];
            }
            assertEquals(q[a], pz, 1e-8, "row " + a);
        }
        assertTrue(Vectors.dot(q, z) > 0, "P is positive definite");
    }

    @Test
    void aRigidTranslationOnlyFeelsTheStabilizer() {
        // the Laplacian vanishes on a uniform shift, so P⁻¹ of a uniform force is that force / (μ c)
        double[] q = new double[ETHANOL.length];
        for (int i = 0; i < q.length; i += 3) {
            q[i] = 1;
        }
        double[] z = new double[q.length];
        new ExpPreconditioner(6).solve(ETHANOL, q, z);
        for (int i = 0; i < q.length; i++) {
            assertEquals(q[i] / (6 * ExpPreconditioner.STABILIZER), z[i], 1e-8);
        }
    }

    /** μ (L + c I) ⊗ I₃ with L of weights exp(−A (r/r_nn − 1)) for r < 2 r_nn, r_nn the largest nearest-neighbour distance. */
    private static double[][] denseMatrix(double[] x, double mu) {
        int n = x.length / 3;
        double rnn = 0;
        for (int i = 0; i < n; i++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                nearest = j == i ? nearest : Math.min(nearest, distance(x, i, j));
            }
            rnn = Math.max(rnn, nearest);
        }
        double[][] p = new double[3 * n][3 * n];
        for (int i = 0; i < n; i++) {
            double diagonal = ExpPreconditioner.STABILIZER;
            for (int j = 0; j < n; j++) {
                double r = distance(x, i, j);
                if (j != i && r < 2 * rnn) {
                    double w = Math.exp(-ExpPreconditioner.A * (r / rnn - 1));
                    diagonal += w;
                    for (int d = 0; d < 3; d++) {
                        p[3 * i + d][3 * j + d] = -mu * w;
                    }
                }
            }
            for (int d = 0; d < 3; d++) {
                p[3 * i + d][3 * i + d] = mu * diagonal;
            }
        }
        return p;
    }

    private static double distance(double[] x, int i, int j) {
        double dx = x[3 * i] - x[3 * j];
        double dy = x[3 * i + 1] - x[3 * j + 1];
        double dz = x[3 * i + 2] - x[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
