package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.model.ScoreNetParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every backend's score-network kernel reproduces the training recipe's PyTorch model: edge scores computed by
 * PyTorch in float64 for validation molecules at three noise levels, two conformers per call
 * ({@code resources/training/confgf/export_scorenet.py}). Tolerances are relative to the largest score of a case.
 */
class ScoreNetParityTest {
    @ParameterizedTest
    @CsvSource({"reference, 1e-9", "cpu, 2e-4", "opencl, 1e-5", "opencl:double, 1e-12"})
    void edgeScoresMatchPyTorch(String backend, double relative) throws Exception {
        ScoreNetVectors vectors = ScoreNetVectors.load();
        ScoreNetParameters model = vectors.model();
        ScoreKernel kernel = Backends.select(backend).createScoreNet(model, Backends.device(backend));
        double worst = 0;
        for (ScoreNetVectors.Case c : vectors.cases()) {
            double[] scores = new double[c.lengths().length];
            c.bind(kernel).score(c.lengths(), c.conformers(), c.sigma(), scores);
            double scale = c.scale();
            for (int e = 0; e < scores.length; e++) {
                assertEquals(c.scores()[e], scores[e], relative * scale, c.name() + " edge " + e + " (σ = " + c.sigma() + " Å)");
                worst = Math.max(worst, Math.abs(scores[e] - c.scores()[e]) / scale);
            }
        }
        assertTrue(vectors.cases().size() >= 3, "too few cases in " + ScoreNetVectors.RESOURCE);
        System.out.printf("%s: max |Δs| / max |s| = %.2e over %d cases%n", backend, worst, vectors.cases().size());
    }
}
