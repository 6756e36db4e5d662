package io.github.cdknnp.ff.backend.cpu;

/**
 * SiLU x·σ(x) in float with a branch-free exp: 2^t split into 2^⌊t⌋ (exponent bits) and a degree-5 polynomial
 * for 2^f, f ∈ [0, 1) (Chebyshev fit, relative error 1.8e-7, below float's own rounding of the result), so the
 * loops over many activations run several times faster than with {@link Math#exp}. Used by the score network,
 * whose cost is dominated by SiLU on every edge and layer.
 */
final class FastSilu {
    private FastSilu() {
    }

    static float exp(float x) {
        float t = Math.max(-126f, Math.min(126f, x * 1.4426950409f));
        float floor = (float) Math.floor(t);
        float f = t - floor;
        float p = 0.0018951073f;
        p = p * f + 0.0089462148f;
        p = p * f + 0.055863284f;
        p = p * f + 0.24014077f;
        p = p * f + 0.69315463f;
        p = p * f + 0.99999988f;
        return Float.intBitsToFloat(((int) floor + 127) << 23) * p;
    }

    static float silu(float x) {
        return x / (1f + exp(-x));
    }

    /** In place over the first {@code count} values. */
    static void apply(float[] a, int count) {
        for (int q = 0; q < count; q++) {
            a[q] = silu(a[q]);
        }
    }
}
