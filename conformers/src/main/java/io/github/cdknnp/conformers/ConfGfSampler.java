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
 */
public final class ConfGfSampler {
    private final DistanceGraph graph;
    private final EdgeScorer scorer;

    public ConfGfSampler(DistanceGraph graph, EdgeScorer scorer) {
        this.graph = graph;
        this.scorer = scorer;
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
