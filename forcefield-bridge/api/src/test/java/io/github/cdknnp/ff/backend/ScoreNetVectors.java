package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The score network's PyTorch float64 test vectors ({@code resources/training/confgf/export_scorenet.py}): the
 * embedded model and, per case, a validation molecule's graph, several conformers' edge lengths at one noise
 * level, and the edge scores.
 */
public record ScoreNetVectors(ScoreNetParameters model, List<Case> cases) {
    static final String RESOURCE = "/io/github/cdknnp/models/confgf-v1-vectors.h5";

    /** One call's inputs and expected scores (conformer-major). */
    public record Case(String name, int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType, int conformers, double sigma,
            double[] lengths, double[] scores) {
        /** The case's graph bound to a kernel. */
        public EdgeScorer bind(ScoreKernel kernel) {
            return kernel.bind(atomType, edgeI, edgeJ, edgeType);
        }

        /** The largest expected |score|, the scale of the tolerances. */
        public double scale() {
            double max = 0;
            for (double s : scores) {
                max = Math.max(max, Math.abs(s));
            }
            return max;
        }
    }

    public static ScoreNetVectors load() throws IOException {
        try (InputStream in = ScoreNetVectors.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing test vectors " + RESOURCE);
            try (HdfFile h = HdfFile.fromInputStream(in)) {
                ScoreNetParameters model = ModelFile.readScoreNetResource(String.valueOf(h.getAttribute("model_resource").getData()));
                List<Case> cases = new ArrayList<>();
                for (Node node : h.getChildren().values()) {
                    Group c = (Group) node;
                    cases.add(new Case(c.getName(), ints(c, "atom_type"), ints(c, "edge_i"), ints(c, "edge_j"), ints(c, "edge_type"),
                            ((Number) c.getAttribute("conformers").getData()).intValue(),
                            ((Number) c.getAttribute("sigma").getData()).doubleValue(),
                            (double[]) c.getDatasetByPath("lengths").getData(), (double[]) c.getDatasetByPath("scores").getData()));
                }
                return new ScoreNetVectors(model, cases);
            }
        }
    }

    private static int[] ints(Group c, String name) {
        return (int[]) c.getDatasetByPath(name).getData();
    }
}
