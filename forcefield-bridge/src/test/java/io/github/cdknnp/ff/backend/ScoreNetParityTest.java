package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every backend's score-network kernel reproduces the training recipe's PyTorch model: edge scores computed by
 * PyTorch in float64 for validation molecules at three noise levels, two conformers per call
 * ({@code resources/training/confgf/export_scorenet.py}). Tolerances are relative to the largest score of a case.
 */
class ScoreNetParityTest {
    @ParameterizedTest
    @CsvSource({"reference, 1e-9", "cpu, 2e-4"})
    void edgeScoresMatchPyTorch(String backend, double relative) throws Exception {
        String vectors = "/io/github/cdknnp/models/confgf-v1-vectors.h5";
        try (InputStream in = getClass().getResourceAsStream(vectors)) {
            assertNotNull(in, "missing test vectors " + vectors);
            try (HdfFile h = HdfFile.fromInputStream(in)) {
                ScoreNetParameters model = ModelFile.readScoreNetResource(String.valueOf(h.getAttribute("model_resource").getData()));
                ScoreKernel kernel = Backends.select(backend).createScoreNet(model, "");
                int cases = 0;
                for (Node node : h.getChildren().values()) {
                    Group c = (Group) node;
                    int conformers = ((Number) c.getAttribute("conformers").getData()).intValue();
                    double sigma = ((Number) c.getAttribute("sigma").getData()).doubleValue();
                    double[] lengths = (double[]) c.getDatasetByPath("lengths").getData();
                    double[] expected = (double[]) c.getDatasetByPath("scores").getData();
                    EdgeScorer scorer = kernel.bind((int[]) c.getDatasetByPath("atom_type").getData(), (int[]) c.getDatasetByPath("edge_i").getData(),
                            (int[]) c.getDatasetByPath("edge_j").getData(), (int[]) c.getDatasetByPath("edge_type").getData());
                    double[] scores = new double[lengths.length];
                    scorer.score(lengths, conformers, sigma, scores);
                    double scale = 0;
                    for (double s : expected) {
                        scale = Math.max(scale, Math.abs(s));
                    }
                    for (int e = 0; e < scores.length; e++) {
                        assertEquals(expected[e], scores[e], relative * scale, c.getName() + " edge " + e + " (σ = " + sigma + " Å)");
                    }
                    cases++;
                }
                assertTrue(cases >= 3, "too few cases in " + vectors);
            }
        }
    }
}
