package io.github.cdknnp.ff.model;

/**
 * A dense layer y = W·x + b with W stored as {@code [out][in]} (PyTorch's layout); b may be absent.
 * Immutable after construction.
 */
public final class Dense {
    private final double[][] weight;
    private final double[] bias;

    /**
     * @param weight {@code [out][in]}
     * @param bias   {@code [out]}, or null for no bias
     */
    public Dense(double[][] weight, double[] bias) {
        if (bias != null && bias.length != weight.length) {
            throw new IllegalArgumentException("bias length " + bias.length + " != output size " + weight.length);
        }
        for (double[] row : weight) {
            if (row.length != weight[0].length) {
                throw new IllegalArgumentException("ragged weight matrix");
            }
        }
        this.weight = weight;
        this.bias = bias;
    }

    /** Output width. */
    public int outputs() {
        return weight.length;
    }

    /** Input width. */
    public int inputs() {
        return weight[0].length;
    }

    /** Weight element {@code W[o][i]}. */
    public double weight(int o, int i) {
        return weight[o][i];
    }

    /** Bias element, 0 when the layer has no bias. */
    public double bias(int o) {
        return bias == null ? 0 : bias[o];
    }

    /** Whether the layer has a bias. */
    public boolean hasBias() {
        return bias != null;
    }

    /** {@code out = W·in + b}. */
    public void forward(double[] in, double[] out) {
        for (int o = 0; o < weight.length; o++) {
            double[] row = weight[o];
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < row.length; i++) {
                acc += row[i] * in[i];
            }
            out[o] = acc;
        }
    }

    /** Backpropagates: {@code gradIn += Wᵀ·gradOut}. */
    public void backward(double[] gradOut, double[] gradIn) {
        for (int o = 0; o < weight.length; o++) {
            double g = gradOut[o];
            if (g == 0) {
                continue;
            }
            double[] row = weight[o];
            for (int i = 0; i < row.length; i++) {
                gradIn[i] += row[i] * g;
            }
        }
    }
}
