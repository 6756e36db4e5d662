package io.github.cdknnp.ff.backend.cpu;

import io.github.cdknnp.ff.backend.EdgeScorer;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.backend.cpu.Gemm.Matrix;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/**
 * The ConfGF score network in float32 with OpenBLAS: all conformers of a call stacked, so every dense layer is
 * one GEMM over C·N atoms or C·E edges, and the GIN sums are scattered in Java. Same arithmetic as the
 * reference backend's definition, in float.
 */
final class CpuScoreNet implements ScoreKernel {
    private final int h;
    private final float[][] atomEmbedding;
    private final float[][] edgeEmbedding;
    private final Matrix distance1;
    private final float[] distance1Bias;
    private final Matrix distance2;
    private final float[] distance2Bias;
    private final Matrix[] gin1;
    private final float[][] gin1Bias;
    private final Matrix[] gin2;
    private final float[][] gin2Bias;
    private final Matrix output1;
    private final float[] output1Bias;
    private final Matrix output2;
    private final float[] output2Bias;
    private final float[] output3;
    private final float output3Bias;

    CpuScoreNet(ScoreNetParameters p) {
        h = p.features();
        atomEmbedding = floats(p.atomEmbedding());
        edgeEmbedding = floats(p.edgeEmbedding());
        distance1 = CpuWeights.matrix(p.distance1(), true);
        distance1Bias = CpuWeights.bias(p.distance1());
        distance2 = CpuWeights.matrix(p.distance2(), true);
        distance2Bias = CpuWeights.bias(p.distance2());
        int layers = p.layers().size();
        gin1 = new Matrix[layers];
        gin1Bias = new float[layers][];
        gin2 = new Matrix[layers];
        gin2Bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            gin1[l] = CpuWeights.matrix(p.layers().get(l).mlp1(), true);
            gin1Bias[l] = CpuWeights.bias(p.layers().get(l).mlp1());
            gin2[l] = CpuWeights.matrix(p.layers().get(l).mlp2(), true);
            gin2Bias[l] = CpuWeights.bias(p.layers().get(l).mlp2());
        }
        output1 = CpuWeights.matrix(p.output1(), true);
        output1Bias = CpuWeights.bias(p.output1());
        output2 = CpuWeights.matrix(p.output2(), true);
        output2Bias = CpuWeights.bias(p.output2());
        output3 = new float[p.output3().inputs()];
        for (int k = 0; k < output3.length; k++) {
            output3[k] = (float) p.output3().weight(0, k);
        }
        output3Bias = (float) p.output3().bias(0);
    }

    private static float[][] floats(double[][] m) {
        float[][] f = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            f[r] = CpuWeights.toFloat(m[r]);
        }
        return f;
    }

    @Override
    public EdgeScorer bind(int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType) {
        return new Bound(atomType, edgeI, edgeJ, edgeType);
    }

    /** One graph with its growing work arrays. */
    private final class Bound implements EdgeScorer {
        private final int[] atomType;
        private final int[] ei;
        private final int[] ej;
        private final int[] et;
        private final Gemm gemm = new Gemm();
        private float[] x = new float[0];
        private float[] edgeHidden = new float[0];
        private float[] edge = new float[0];
        private float[] node = new float[0];
        private float[] input = new float[0];
        private float[] nodeHidden = new float[0];
        private float[] features = new float[0];
        private float[] head2 = new float[0];

        Bound(int[] atomType, int[] ei, int[] ej, int[] et) {
            this.atomType = atomType;
            this.ei = ei;
            this.ej = ej;
            this.et = et;
        }

        @Override
        public void score(double[] lengths, int conformers, double sigma, double[] out) {
            int n = atomType.length;
            int edges = ei.length;
            int rowsE = conformers * edges;
            int rowsN = conformers * n;
            grow(rowsE, rowsN);
            float logSigma = (float) Math.log(sigma);
            for (int r = 0; r < rowsE; r++) {
                x[2 * r] = (float) lengths[r];
                x[2 * r + 1] = logSigma;
            }
            gemm.multiply(x, rowsE, distance1, distance1Bias, edgeHidden, false);
            FastSilu.apply(edgeHidden, rowsE * h);
            gemm.multiply(edgeHidden, rowsE, distance2, distance2Bias, edge, false);
            for (int r = 0; r < rowsE; r++) {
                float[] type = edgeEmbedding[et[r % edges]];
                for (int k = 0; k < h; k++) {
                    edge[r * h + k] *= type[k];
                }
            }
            for (int r = 0; r < rowsN; r++) {
                System.arraycopy(atomEmbedding[atomType[r % n]], 0, node, r * h, h);
            }
            for (int l = 0; l < gin1.length; l++) {
                System.arraycopy(node, 0, input, 0, rowsN * h);
                for (int c = 0; c < conformers; c++) {
                    for (int e = 0; e < edges; e++) {
                        int re = (c * edges + e) * h;
                        int a = (c * n + ei[e]) * h;
                        int b = (c * n + ej[e]) * h;
                        for (int k = 0; k < h; k++) {
                            float w = edge[re + k];
                            input[a + k] += FastSilu.silu(node[b + k] + w);
                            input[b + k] += FastSilu.silu(node[a + k] + w);
                        }
                    }
                }
                gemm.multiply(input, rowsN, gin1[l], gin1Bias[l], nodeHidden, false);
                FastSilu.apply(nodeHidden, rowsN * h);
                gemm.multiply(nodeHidden, rowsN, gin2[l], gin2Bias[l], node, true);
            }
            for (int c = 0; c < conformers; c++) {
                for (int e = 0; e < edges; e++) {
                    int r = c * edges + e;
                    int a = (c * n + ei[e]) * h;
                    int b = (c * n + ej[e]) * h;
                    for (int k = 0; k < h; k++) {
                        features[r * 2 * h + k] = node[a + k] * node[b + k];
                    }
                    System.arraycopy(edge, r * h, features, r * 2 * h + h, h);
                }
            }
            gemm.multiply(features, rowsE, output1, output1Bias, edgeHidden, false);
            FastSilu.apply(edgeHidden, rowsE * h);
            int h2 = output3.length;
            gemm.multiply(edgeHidden, rowsE, output2, output2Bias, head2, false);
            FastSilu.apply(head2, rowsE * h2);
            for (int r = 0; r < rowsE; r++) {
                double s = output3Bias;
                for (int k = 0; k < h2; k++) {
                    s += output3[k] * head2[r * h2 + k];
                }
                out[r] = s / sigma;
            }
        }

        private void grow(int rowsE, int rowsN) {
            if (edge.length < rowsE * h) {
                x = new float[2 * rowsE];
                edgeHidden = new float[rowsE * h];
                edge = new float[rowsE * h];
                features = new float[rowsE * 2 * h];
                head2 = new float[rowsE * output3.length];
            }
            if (node.length < rowsN * h) {
                node = new float[rowsN * h];
                input = new float[rowsN * h];
                nodeHidden = new float[rowsN * h];
            }
        }
    }
}
