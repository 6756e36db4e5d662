package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.backend.EdgeScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Annealed Langevin dynamics on atomic coordinates driven by a ConfGF score network: edge-length scores
 * s(d)_ij are chained to coordinates, s(R)_i = Σ_j s(d)_ij (r_i − r_j)/d_ij, so the sampler is equivariant to
 * rotations and translations. All conformers of a molecule advance together, one network call per step.
 * Seeded runs are bit-identical on the same backend.
 *
 * <p>Beyond ConfGF: its graph only holds pairs up to three bonds apart, so nothing keeps distant parts of a
 * molecule from passing through each other (measured: H···H at 0.3 Å in drug samples, which the NNP then
 * resolves by breaking bonds). The sampler therefore adds a clash prior for the other pairs,
 * log p −= (c/σ²) Σ (d₀ − d)² for d &lt; d₀ = {@value #CLASH_FRACTION} (r_vdW,i + r_vdW,j), with c = 0.5 so its
 * stiffness per step matches the data score's at every noise level.
 */
public final class ConfGfSampler {
    /** Non-bonded pairs closer than this fraction of their van der Waals radii sum are pushed apart. */
    public static final double CLASH_FRACTION = 0.7;
    private static final double CLASH_STRENGTH = 0.5;

    private final DistanceGraph graph;
    private final EdgeScorer scorer;
    private final double[] clashRadius;
    private final double clashReach;
    private final java.util.BitSet edge;

    public ConfGfSampler(DistanceGraph graph, EdgeScorer scorer) {
        this.graph = graph;
        this.scorer = scorer;
        int n = graph.atoms();
        clashRadius = clashRadii(graph.atomicNumbers());
        clashReach = clashReach(clashRadius);
        edge = new java.util.BitSet();
        for (int e = 0; e < graph.edges(); e++) {
            edge.set(graph.edgeI()[e] * n + graph.edgeJ()[e]);
        }
    }

    /**
     * Samples conformers from noise.
     *
     * @return one {@code [x0, y0, z0, x1, ...]} array (Å) per conformer
     */
    public List<double[]> sample(int conformers, SamplingSchedule schedule, long seed) {
        int n = graph.atoms();
        int edges = graph.edges();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] positions = new double[conformers][3 * n];
        for (double[] r : positions) {
            for (int q = 0; q < r.length; q++) {
                r[q] = schedule.sigmaStart() * random.nextGaussian();
            }
        }
        double[] lengths = new double[conformers * edges];
        double[] scores = new double[conformers * edges];
        double[] grad = new double[3 * n];
        for (int k = 0; k < schedule.levels(); k++) {
            double sigma = schedule.sigma(k);
            double alpha = schedule.alpha(k);
            double noise = Math.sqrt(2 * alpha);
            for (int t = 0; t < schedule.stepsPerLevel(); t++) {
                score(positions, sigma, lengths, scores);
                for (int c = 0; c < conformers; c++) {
                    coordinateScores(positions[c], lengths, scores, c * edges, grad);
                    addClashScore(positions[c], sigma, grad);
                    double[] r = positions[c];
                    for (int q = 0; q < r.length; q++) {
                        r[q] += alpha * grad[q] + noise * random.nextGaussian();
                    }
                }
            }
        }
        if (schedule.denoise()) {
            double sigma = schedule.sigmaEnd();
            score(positions, sigma, lengths, scores);
            for (int c = 0; c < conformers; c++) {
                coordinateScores(positions[c], lengths, scores, c * edges, grad);
                for (int q = 0; q < grad.length; q++) {
                    positions[c][q] += sigma * sigma * grad[q];
                }
            }
        }
        List<double[]> out = new ArrayList<>(conformers);
        for (double[] r : positions) {
            out.add(r);
        }
        return out;
    }

    private void score(double[][] positions, double sigma, double[] lengths, double[] scores) {
        double[] one = new double[graph.edges()];
        for (int c = 0; c < positions.length; c++) {
            graph.lengths(positions[c], one);
            System.arraycopy(one, 0, lengths, c * one.length, one.length);
        }
        scorer.score(lengths, positions.length, sigma, scores);
    }

    /** {@link #CLASH_FRACTION} of each atom's van der Waals radius, Å: two atoms clash closer than the sum of theirs. */
    static double[] clashRadii(int[] atomicNumbers) {
        double[] radii = new double[atomicNumbers.length];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = CLASH_FRACTION * io.github.cdknnp.ff.Elements.vdwRadius(atomicNumbers[i]);
        }
        return radii;
    }

    /** A distance (Å) beyond which no two of these atoms clash: the neighbour-list cutoff of a clash search. */
    static double clashReach(double[] radii) {
        return 2 * java.util.Arrays.stream(radii).max().orElse(1) + 1e-9;
    }

    /** Adds −∇ of the clash prior at noise σ to the coordinate score. */
    private void addClashScore(double[] r, double sigma, double[] grad) {
        int n = clashRadius.length;
        double k = 2 * CLASH_STRENGTH / (sigma * sigma);
        io.github.cdknnp.ff.NeighborList close = io.github.cdknnp.ff.NeighborList.build(r, clashReach);
        for (int p = 0; p < close.size(); p++) {
            int i = Math.min(close.first(p), close.second(p));
            int j = Math.max(close.first(p), close.second(p));
            if (edge.get(i * n + j)) {
                continue;
            }
            double d0 = clashRadius[i] + clashRadius[j];
            double d = io.github.cdknnp.ff.Geometry.distance(r, i, j);
            if (d < d0 && d > 1e-9) {
                double g = k * (d0 - d) / d;
                for (int x = 0; x < 3; x++) {
                    double v = g * (r[3 * i + x] - r[3 * j + x]);
                    grad[3 * i + x] += v;
                    grad[3 * j + x] -= v;
                }
            }
        }
    }

    /** s(R)_i = Σ_j s_ij (r_i − r_j) / d_ij for one conformer whose edges start at {@code offset}. */
    private void coordinateScores(double[] r, double[] lengths, double[] scores, int offset, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int[] ei = graph.edgeI();
        int[] ej = graph.edgeJ();
        for (int e = 0; e < ei.length; e++) {
            double g = scores[offset + e] / Math.max(lengths[offset + e], 1e-9);
            int a = 3 * ei[e];
            int b = 3 * ej[e];
            for (int x = 0; x < 3; x++) {
                double v = g * (r[a + x] - r[b + x]);
                grad[a + x] += v;
                grad[b + x] -= v;
            }
        }
    }
}
