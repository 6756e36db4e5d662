package io.github.cdknnp.ff.backend.cpu;

import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.backend.cpu.Gemm.Matrix;

/**
 * A PaiNN model's parameters in float32, laid out for row-major GEMMs: each dense layer y = W·x + b is kept
 * both as Wᵀ ({@code [in, out]}, forward: Y = X·Wᵀ) and as W ({@code [out, in]}, backward: dX = dY·W).
 * The radial filters of all blocks are concatenated so one GEMM serves every block. Immutable and shared
 * by every molecule bound to the kernel (BLAS only reads these matrices).
 */
final class CpuWeights {
    final int features;
    final int rbfCount;
    final int blocks;
    final int readoutHidden;
    final double cutoff;
    final double gamma;
    final double[] centres;
    final float[][] embedding;
    final double[] atomref;
    final double energyScale;
    final double energyShift;

    final Matrix[] context1T;
    final Matrix[] context1;
    final float[][] context1B;
    final Matrix[] context2T;
    final Matrix[] context2;
    final float[][] context2B;
    final Matrix[] channelT;
    final Matrix[] channel;
    final Matrix[] mlp1T;
    final Matrix[] mlp1;
    final float[][] mlp1B;
    final Matrix[] mlp2T;
    final Matrix[] mlp2;
    final float[][] mlp2B;
    /** All blocks' filters: {@code [K, T·3F]} and {@code [T·3F, K]}; bias {@code [T·3F]}. */
    final Matrix filterT;
    final Matrix filter;
    final float[] filterB;
    final Matrix readout1T;
    final Matrix readout1;
    final float[] readout1B;
    final float[] readout2W;
    final double readout2B;

    CpuWeights(PainnParameters p) {
        features = p.features();
        rbfCount = p.rbfCount();
        blocks = p.blocks();
        readoutHidden = p.readout1().outputs();
        cutoff = p.cutoff();
        gamma = p.rbfGamma();
        centres = new double[rbfCount];
        for (int b = 0; b < rbfCount; b++) {
            centres[b] = p.rbfCentre(b);
        }
        embedding = new float[p.embedding().length][];
        for (int e = 0; e < embedding.length; e++) {
            embedding[e] = toFloat(p.embedding()[e]);
        }
        atomref = p.atomref().clone();
        energyScale = p.energyScale();
        energyShift = p.energyShift();
        int t = blocks;
        context1T = new Matrix[t];
        context1 = new Matrix[t];
        context1B = new float[t][];
        context2T = new Matrix[t];
        context2 = new Matrix[t];
        context2B = new float[t][];
        channelT = new Matrix[t];
        channel = new Matrix[t];
        mlp1T = new Matrix[t];
        mlp1 = new Matrix[t];
        mlp1B = new float[t][];
        mlp2T = new Matrix[t];
        mlp2 = new Matrix[t];
        mlp2B = new float[t][];
        int f3 = 3 * features;
        float[] fT = new float[rbfCount * t * f3];
        float[] fW = new float[t * f3 * rbfCount];
        filterB = new float[t * f3];
        for (int b = 0; b < t; b++) {
            PainnParameters.Layer l = p.layers().get(b);
            context1T[b] = matrix(l.context1(), true);
            context1[b] = matrix(l.context1(), false);
            context1B[b] = bias(l.context1());
            context2T[b] = matrix(l.context2(), true);
            context2[b] = matrix(l.context2(), false);
            context2B[b] = bias(l.context2());
            channelT[b] = matrix(l.channel(), true);
            channel[b] = matrix(l.channel(), false);
            mlp1T[b] = matrix(l.mlp1(), true);
            mlp1[b] = matrix(l.mlp1(), false);
            mlp1B[b] = bias(l.mlp1());
            mlp2T[b] = matrix(l.mlp2(), true);
            mlp2[b] = matrix(l.mlp2(), false);
            mlp2B[b] = bias(l.mlp2());
            Dense filt = l.filter();
            for (int o = 0; o < f3; o++) {
                int col = b * f3 + o;
                filterB[col] = (float) filt.bias(o);
                for (int k = 0; k < rbfCount; k++) {
                    fT[k * t * f3 + col] = (float) filt.weight(o, k);
                    fW[col * rbfCount + k] = (float) filt.weight(o, k);
                }
            }
        }
        filterT = Matrix.of(fT, rbfCount, t * f3);
        filter = Matrix.of(fW, t * f3, rbfCount);
        readout1T = matrix(p.readout1(), true);
        readout1 = matrix(p.readout1(), false);
        readout1B = bias(p.readout1());
        readout2W = new float[readoutHidden];
        for (int h = 0; h < readoutHidden; h++) {
            readout2W[h] = (float) p.readout2().weight(0, h);
        }
        readout2B = p.readout2().bias(0);
    }

    /** W as {@code [out, in]}, or Wᵀ as {@code [in, out]} when transposed. */
    static Matrix matrix(Dense d, boolean transposed) {
        int out = d.outputs();
        int in = d.inputs();
        float[] data = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                data[transposed ? i * out + o : o * in + i] = (float) d.weight(o, i);
            }
        }
        return transposed ? Matrix.of(data, in, out) : Matrix.of(data, out, in);
    }

    static float[] bias(Dense d) {
        float[] b = new float[d.outputs()];
        for (int o = 0; o < b.length; o++) {
            b[o] = (float) d.bias(o);
        }
        return b;
    }

    static float[] toFloat(double[] a) {
        float[] r = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = (float) a[k];
        }
        return r;
    }
}
