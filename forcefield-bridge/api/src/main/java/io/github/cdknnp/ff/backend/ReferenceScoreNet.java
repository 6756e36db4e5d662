package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/**
 * The ConfGF score network in plain double-precision Java, one conformer and one edge at a time: the readable
 * definition the fast backends are tested against. Per conformer, with σ the noise level:
 * <pre>
 *   h_i = atomEmbedding[type_i];   e_ij = edgeEmbedding[type_ij] ⊙ distance2(silu(distance1(d_ij, ln σ)))
 *   per layer: m_i = Σ_j silu(h_j + e_ij);  h ← h + mlp2(silu(mlp1(h + m)))
 *   s_ij = output3(silu(output2(silu(output1([h_i ⊙ h_j, e_ij]))))) / σ
 * </pre>
 */
final class ReferenceScoreNet implements ScoreKernel {
    private final ScoreNetParameters p;

    ReferenceScoreNet(ScoreNetParameters parameters) {
        this.p = parameters;
    }

    @Override
    public EdgeScorer bind(int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType) {
        return (lengths, conformers, sigma, out) -> {
            int edges = edgeI.length;
            for (int c = 0; c < conformers; c++) {
                scoreOne(atomType, edgeI, edgeJ, edgeType, lengths, c * edges, sigma, out);
            }
        };
    }

    private void scoreOne(int[] atomType, int[] ei, int[] ej, int[] et, double[] lengths, int offset, double sigma, double[] out) {
        int h = p.features();
        int n = atomType.length;
        double[][] node = new double[n][];
        for (int i = 0; i < n; i++) {
            node[i] = p.atomEmbedding()[atomType[i]].clone();
        }
        double[][] edge = new double[ei.length][h];
        double[] hidden = new double[h];
        double[] gate = new double[h];
        for (int e = 0; e < ei.length; e++) {
            silu(dense(p.distance1(), new double[] {lengths[offset + e], Math.log(sigma)}, hidden));
            dense(p.distance2(), hidden, gate);
            for (int k = 0; k < h; k++) {
                edge[e][k] = p.edgeEmbedding()[et[e]][k] * gate[k];
            }
        }
        for (ScoreNetParameters.GinLayer layer : p.layers()) {
            double[][] in = new double[n][];
            for (int i = 0; i < n; i++) {
                in[i] = node[i].clone();
            }
            for (int e = 0; e < ei.length; e++) {
                for (int k = 0; k < h; k++) {
                    in[ei[e]][k] += ReferencePainn.silu(node[ej[e]][k] + edge[e][k]);
                    in[ej[e]][k] += ReferencePainn.silu(node[ei[e]][k] + edge[e][k]);
                }
            }
            double[] update = new double[h];
            for (int i = 0; i < n; i++) {
                silu(dense(layer.mlp1(), in[i], hidden));
                dense(layer.mlp2(), hidden, update);
                for (int k = 0; k < h; k++) {
                    node[i][k] += update[k];
                }
            }
        }
        double[] features = new double[2 * h];
        double[] head2 = new double[p.output2().outputs()];
        double[] score = new double[1];
        for (int e = 0; e < ei.length; e++) {
            for (int k = 0; k < h; k++) {
                features[k] = node[ei[e]][k] * node[ej[e]][k];
                features[h + k] = edge[e][k];
            }
            silu(dense(p.output1(), features, hidden));
            silu(dense(p.output2(), hidden, head2));
            dense(p.output3(), head2, score);
            out[offset + e] = score[0] / sigma;
        }
    }

    private static double[] dense(Dense layer, double[] in, double[] out) {
        layer.forward(in, out);
        return out;
    }

    private static void silu(double[] x) {
        for (int k = 0; k < x.length; k++) {
            x[k] = ReferencePainn.silu(x[k]);
        }
    }
}
