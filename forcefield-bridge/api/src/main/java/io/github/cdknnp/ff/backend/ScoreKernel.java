package io.github.cdknnp.ff.backend;

/** A ConfGF score network compiled for one backend; binds molecular graphs to {@link EdgeScorer}s. */
public interface ScoreKernel {
    /**
     * Binds one molecule's extended graph (see {@code io.github.cdknnp.conformers.DistanceGraph}).
     *
     * @param atomType row of each atom's element in the model's element table
     * @param edgeI    first atom of each edge
     * @param edgeJ    second atom of each edge
     * @param edgeType type of each edge
     */
    EdgeScorer bind(int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType);
}
