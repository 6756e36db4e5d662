package io.github.cdknnp.opt;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NeighborList;

/**
 * The exponential preconditioner of Packwood et al. (J. Chem. Phys. 144, 164109 (2016)), ASE's {@code Exp}:
 * P = μ (L + c·I) ⊗ I₃, where L is the graph Laplacian of the pair weights exp(−A (r_ij / r_nn − 1)) over pairs
 * closer than 2 r_nn, r_nn is the largest nearest-neighbour distance of the structure, A = 3 and c = 0.1. Short,
 * stiff bonds get stiff springs and collective soft motions (torsions) small ones, so a quasi-Newton method that
 * starts from P⁻¹ instead of a scalar sees a far smaller spread of curvatures. P⁻¹·q is found by conjugate
 * gradients on the sparse matrix, O(N) per step.
 */
final class ExpPreconditioner {
    static final double A = 3.0;
    static final double STABILIZER = 0.1;
    private static final double NEAREST_SEARCH_ANGSTROM = 4.0;
    private static final double TOLERANCE = 1e-10;

    private final double mu;

    /** @param mu the energy scale μ, eV/Å² */
    ExpPreconditioner(double mu) {
        if (!(mu > 0)) {
            throw new IllegalArgumentException("the preconditioner scale must be positive, got " + mu + " eV/Å²");
        }
        this.mu = mu;
    }

    /** Writes z = P⁻¹ q, with P built at positions {@code x} (Å); q and z are 3N long and may not be the same array. */
    void solve(double[] x, double[] q, double[] z) {
        Springs springs = Springs.at(x);
        int n = q.length;
        double[] r = q.clone();
        double[] p = new double[n];
        double[] ap = new double[n];
        double[] s = new double[n];
        java.util.Arrays.fill(z, 0);
        springs.precondition(r, s);
        System.arraycopy(s, 0, p, 0, n);
        double rs = Vectors.dot(r, s);
        double stop = TOLERANCE * TOLERANCE * Vectors.dot(q, q);
        for (int it = 0; it < n && Vectors.dot(r, r) > stop; it++) {
            springs.multiply(p, ap);
            double alpha = rs / Vectors.dot(p, ap);
            Vectors.axpy(alpha, p, z);
            Vectors.axpy(-alpha, ap, r);
            springs.precondition(r, s);
            double next = Vectors.dot(r, s);
            for (int i = 0; i < n; i++) {
                p[i] = s[i] + next / rs * p[i];
            }
            rs = next;
        }
        for (int i = 0; i < n; i++) {
            z[i] /= mu;
        }
    }

    /** L + c·I of one geometry, in units of μ, as pair weights and a diagonal. */
    private record Springs(int[] first, int[] second, double[] weight, double[] diagonal) {
        static Springs at(double[] x) {
            int atoms = x.length / 3;
            double[] nearest = new double[atoms];
            java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            NeighborList near = NeighborList.build(x, NEAREST_SEARCH_ANGSTROM);
            for (int k = 0; k < near.size(); k++) {
                double d = Geometry.distance(x, near.first(k), near.second(k));
                nearest[near.first(k)] = Math.min(nearest[near.first(k)], d);
                nearest[near.second(k)] = Math.min(nearest[near.second(k)], d);
            }
            double rnn = 0;
            for (double d : nearest) {
                rnn = Double.isFinite(d) ? Math.max(rnn, d) : rnn;
            }
            double[] diagonal = new double[atoms];
            java.util.Arrays.fill(diagonal, STABILIZER);
            if (rnn == 0) {
                return new Springs(new int[0], new int[0], new double[0], diagonal);
            }
            NeighborList pairs = NeighborList.build(x, 2 * rnn);
            int[] first = new int[pairs.size()];
            int[] second = new int[pairs.size()];
            double[] weight = new double[pairs.size()];
            for (int k = 0; k < pairs.size(); k++) {
                first[k] = pairs.first(k);
                second[k] = pairs.second(k);
                weight[k] = Math.exp(-A * (Geometry.distance(x, first[k], second[k]) / rnn - 1));
                diagonal[first[k]] += weight[k];
                diagonal[second[k]] += weight[k];
            }
            return new Springs(first, second, weight, diagonal);
        }

        /** out = (L + c·I) v, acting on each Cartesian component alike. */
        void multiply(double[] v, double[] out) {
            for (int i = 0; i < diagonal.length; i++) {
                for (int d = 0; d < 3; d++) {
                    out[3 * i + d] = diagonal[i] * v[3 * i + d];
                }
            }
            for (int k = 0; k < weight.length; k++) {
                int i = first[k];
                int j = second[k];
                for (int d = 0; d < 3; d++) {
                    out[3 * i + d] -= weight[k] * v[3 * j + d];
                    out[3 * j + d] -= weight[k] * v[3 * i + d];
                }
            }
        }

        /** out = diag(L + c·I)⁻¹ v (Jacobi). */
        void precondition(double[] v, double[] out) {
            for (int i = 0; i < diagonal.length; i++) {
                for (int d = 0; d < 3; d++) {
                    out[3 * i + d] = v[3 * i + d] / diagonal[i];
                }
            }
        }
    }
}
