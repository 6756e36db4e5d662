package io.github.cdknnp.conformers;

/**
 * The annealed Langevin schedule of a ConfGF sampler (Song &amp; Ermon 2019): {@code levels} noise levels
 * geometric from {@code sigmaStart} down to {@code sigmaEnd} (Å), {@code stepsPerLevel} Langevin steps at each,
 * step size α_k = stepSize · (σ_k / σ_end)² Å², then one denoising step R += σ_end² s(R) when asked.
 *
 * @param sigmaStart    first (largest) noise level, Å
 * @param sigmaEnd      last (smallest) noise level, Å
 * @param levels        number of noise levels (≥ 2)
 * @param stepsPerLevel Langevin steps per level
 * @param stepSize      ε, the step size at the last level, Å²
 * @param denoise       whether a final noise-free step R += σ_end² s(R) follows
 */
public record SamplingSchedule(double sigmaStart, double sigmaEnd, int levels, int stepsPerLevel, double stepSize,
        boolean denoise) {
    /** The original ConfGF sampler: 50 levels 10 → 0.01 Å, 100 steps each, ε = 2.4e-6 Å² (5,000 network evaluations). */
    public static final SamplingSchedule CONFGF = new SamplingSchedule(10, 0.01, 50, 100, 2.4e-6, false);

    public SamplingSchedule {
        if (!(sigmaStart > sigmaEnd && sigmaEnd > 0) || levels < 2 || stepsPerLevel < 1 || !(stepSize > 0)) {
            throw new IllegalArgumentException("schedule needs sigmaStart > sigmaEnd > 0, levels >= 2, steps >= 1, stepSize > 0");
        }
    }

    /** Noise level k (0 = largest), Å. */
    public double sigma(int k) {
        return sigmaStart * Math.pow(sigmaEnd / sigmaStart, k / (double) (levels - 1));
    }

    /** Langevin step size at level k, Å². */
    public double alpha(int k) {
        double ratio = sigma(k) / sigmaEnd;
        return stepSize * ratio * ratio;
    }

    /** Network evaluations per conformer. */
    public int evaluations() {
        return levels * stepsPerLevel + (denoise ? 1 : 0);
    }
}
