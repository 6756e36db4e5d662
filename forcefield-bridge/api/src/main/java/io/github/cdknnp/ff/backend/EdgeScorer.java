package io.github.cdknnp.ff.backend;

/** A score network bound to one molecular graph; not thread-safe (one per sampler). */
public interface EdgeScorer {
    /**
     * Edge-length scores ∂ log p / ∂d of several conformers of the molecule in one call.
     *
     * @param lengths    edge lengths, Å, conformer-major: {@code lengths[c·E + e]}
     * @param conformers number of conformers C
     * @param sigma      noise level, Å
     * @param out        receives the scores, 1/Å, same layout as {@code lengths}
     */
    void score(double[] lengths, int conformers, double sigma, double[] out);
}
