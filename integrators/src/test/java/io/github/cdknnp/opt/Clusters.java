package io.github.cdknnp.opt;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.analytic.LennardJones;
import java.util.Random;

/** Lennard-Jones clusters in reduced units (ε = 1 eV, σ = 1 Å) with known global minima. */
final class Clusters {
    /** Cambridge Cluster Database global minimum of LJ13, ε. */
    static final double LJ13_MINIMUM = -44.326801;
    /** Cambridge Cluster Database global minimum of LJ7, ε. */
    static final double LJ7_MINIMUM = -16.505384;

    private Clusters() {
    }

    static Potential lennardJones(int atoms) {
        int[] argon = new int[atoms];
        java.util.Arrays.fill(argon, 18);
        return LennardJones.reduced().bind(AtomicSystem.neutral(argon));
    }

    /** A centred icosahedron: one atom at the origin, twelve at {@code radius}. */
    static double[] icosahedron(double radius) {
        double phi = (1 + Math.sqrt(5)) / 2;
        double scale = radius / Math.sqrt(1 + phi * phi);
        double[] x = new double[39];
        int k = 3;
        for (int a = -1; a <= 1; a += 2) {
            for (int b = -1; b <= 1; b += 2) {
                double[][] vertices = {{0, a, b * phi}, {a, b * phi, 0}, {b * phi, 0, a}};
                for (double[] v : vertices) {
                    for (int c = 0; c < 3; c++) {
                        x[k++] = scale * v[c];
                    }
                }
            }
        }
        return x;
    }

    /** A pentagonal bipyramid with every edge {@code edge} long (the LJ7 minimum's shape). */
    static double[] pentagonalBipyramid(double edge) {
        double ring = edge / (2 * Math.sin(Math.PI / 5));
        double apex = Math.sqrt(edge * edge - ring * ring);
        double[] x = new double[21];
        for (int i = 0; i < 5; i++) {
            x[3 * i] = ring * Math.cos(2 * Math.PI * i / 5);
            x[3 * i + 1] = ring * Math.sin(2 * Math.PI * i / 5);
        }
        x[17] = apex;
        x[20] = -apex;
        return x;
    }

    /** LJ13 near its minimum, every coordinate shifted by up to ±0.1 σ. */
    static double[] perturbedLj13(long seed) {
        return perturb(icosahedron(1.1), 0.1, seed);
    }

    /** LJ7 near its minimum, every coordinate shifted by up to ±0.1 σ. */
    static double[] perturbedLj7(long seed) {
        return perturb(pentagonalBipyramid(1.12), 0.1, seed);
    }

    static double[] perturb(double[] x, double amplitude, long seed) {
        Random random = new Random(seed);
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += amplitude * (2 * random.nextDouble() - 1);
        }
        return y;
    }

    static Optimizer<?> optimizer(String name) {
        return switch (name) {
            case "Lbfgs" -> new Lbfgs();
            case "Fire" -> new Fire();
            case "Bfgs" -> new Bfgs();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
