package io.github.cdknnp.ff.model;

import java.util.List;

/**
 * A trained ConfGF distance-score network (Shi et al., ICML 2021, as built by cdk-nnp's recipe
 * {@code resources/training/confgf}), laid out in {@code resources/MODEL_FORMAT.md}. It scores the edges of
 * a molecule's order-3 extended graph: for edge lengths d (Å) at noise level σ (Å) it gives
 * ∂ log p / ∂d (1/Å). Immutable; shared by every backend.
 *
 * @param name          model name
 * @param elements      supported atomic numbers; an atom's type is its row
 * @param features      H, hidden width
 * @param edgeTypes     number of edge types (bond orders, aromatic, 2- and 3-bond paths)
 * @param sigmaMax      largest noise level of the training ladder, Å
 * @param sigmaMin      smallest noise level, Å
 * @param sigmaCount    levels of the geometric ladder
 * @param atomEmbedding initial node features per element, {@code [E][H]}
 * @param edgeEmbedding edge features per edge type, {@code [T][H]}
 * @param distance1     distance embedding layer (d, ln σ) → H (SiLU after)
 * @param distance2     distance embedding layer H → H; the edge feature is edgeEmbedding[type] ⊙ its output
 * @param layers        GIN layers: h ← h + mlp2(SiLU(mlp1(h + Σ_j SiLU(h_j + e_ij))))
 * @param output1       head 2H → H on [h_i ⊙ h_j, e_ij] (SiLU after)
 * @param output2       head H → H/2 (SiLU after)
 * @param output3       head H/2 → 1; the edge score is its output divided by σ
 * @param provenance    JSON describing data and training
 * @param metrics       JSON with held-out figures
 */
public record ScoreNetParameters(String name, int[] elements, int features, int edgeTypes, double sigmaMax,
        double sigmaMin, int sigmaCount, double[][] atomEmbedding, double[][] edgeEmbedding, Dense distance1,
        Dense distance2, List<GinLayer> layers, Dense output1, Dense output2, Dense output3, String provenance,
        String metrics) {

    /** One GIN layer's MLP, H → H → H. */
    public record GinLayer(Dense mlp1, Dense mlp2) {
    }

    /** Checks every shape against {@link #features()}; throws {@link IllegalArgumentException} naming the first mismatch. */
    public ScoreNetParameters {
        int h = features;
        shape("atom_embedding", atomEmbedding.length == elements.length && atomEmbedding[0].length == h);
        shape("edge_embedding", edgeEmbedding.length == edgeTypes && edgeEmbedding[0].length == h);
        shape("distance/w1", distance1.inputs() == 2 && distance1.outputs() == h);
        shape("distance/w2", distance2.inputs() == h && distance2.outputs() == h);
        for (GinLayer l : layers) {
            shape("gin mlp", l.mlp1().inputs() == h && l.mlp1().outputs() == h && l.mlp2().inputs() == h && l.mlp2().outputs() == h);
        }
        shape("output/w1", output1.inputs() == 2 * h && output1.outputs() == h);
        shape("output/w2", output2.inputs() == h && output2.outputs() == output3.inputs());
        shape("output/w3", output3.outputs() == 1);
        if (!(sigmaMax > sigmaMin && sigmaMin > 0 && sigmaCount >= 2)) {
            throw new IllegalArgumentException("noise ladder needs sigma_max > sigma_min > 0 and at least 2 levels");
        }
    }

    private static void shape(String what, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("shape of " + what + " does not match n_features and the element/edge tables");
        }
    }

    /** The model's noise level k of {@link #sigmaCount()} (k = 0 is the largest), Å. */
    public double sigma(int k) {
        return sigmaMax * Math.pow(sigmaMin / sigmaMax, k / (double) (sigmaCount - 1));
    }
}
