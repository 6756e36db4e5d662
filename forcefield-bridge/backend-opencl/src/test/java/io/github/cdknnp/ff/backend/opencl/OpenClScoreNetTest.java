package io.github.cdknnp.ff.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.EdgeScorer;
import io.github.cdknnp.ff.backend.ReferenceBackend;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.backend.ScoreNetVectors;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenCL score network: results independent of how conformers are grouped into calls, several graphs per kernel,
 * feature widths that select the narrower kernels.
 */
class OpenClScoreNetTest {
    static OpenClBackend backend;
    static ScoreNetVectors vectors;

    @BeforeAll
    static void requireDevice() throws Exception {
        backend = new OpenClBackend();
        assumeTrue(backend.isAvailable(), () -> "opencl unavailable: " + backend.describe());
        vectors = ScoreNetVectors.load();
    }

    /**
     * A conformer's scores are the same bits alone, in a group of 2 or 4, in one call of 6, or split by the memory
     * budget; a repeated call allocates nothing.
     */
    @Test
    void conformerScoresDoNotDependOnTheOtherConformersOfTheCall() {
        ScoreNetVectors.Case c = vectors.cases().stream().max(Comparator.comparingInt(k -> k.edgeI().length)).orElseThrow();
        int edges = c.edgeI().length;
        int conformers = 6;
        double[] lengths = new double[conformers * edges];
        Random random = new Random(3);
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = c.lengths()[k % c.lengths().length] + 0.2 * random.nextGaussian();
        }
        OpenClScoreNet kernel = (OpenClScoreNet) backend.createScoreNet(vectors.model(), "");
        double[] all = score(kernel, c, lengths, 0, conformers);
        for (int k = 0; k < conformers; k++) {
            assertArrayEquals(Arrays.copyOfRange(all, k * edges, (k + 1) * edges), score(kernel, c, lengths, k, k + 1), "conformer " + k + " alone");
        }
        double[] grouped = new double[all.length];
        System.arraycopy(score(kernel, c, lengths, 0, 2), 0, grouped, 0, 2 * edges);
        System.arraycopy(score(kernel, c, lengths, 2, 6), 0, grouped, 2 * edges, 4 * edges);
        assertArrayEquals(all, grouped, "2 + 4");
        long bytes = kernel.workspaceBytes();
        assertArrayEquals(all, score(kernel, c, lengths, 0, conformers), "again");
        assertEquals(bytes, kernel.workspaceBytes(), "workspace grew on a repeated call");

        OpenClScoreNet fresh = (OpenClScoreNet) backend.createScoreNet(vectors.model(), "");
        score(fresh, c, lengths, 0, 1);
        long oneConformer = fresh.workspaceBytes();
        OpenClScoreNet small = (OpenClScoreNet) backend.createScoreNet(vectors.model(), "", 2 * oneConformer);
        assertArrayEquals(all, score(small, c, lengths, 0, conformers), "split by a budget of two conformers");
        assertTrue(small.workspaceBytes() <= 2 * oneConformer, small.workspaceBytes() + " bytes");
        OpenClScoreNet tiny = (OpenClScoreNet) backend.createScoreNet(vectors.model(), "", oneConformer / 2);
        assertThrows(CalculationException.class, () -> score(tiny, c, lengths, 0, 1));
    }

    /** Graphs bound to one kernel keep their own index buffers: interleaved calls reproduce PyTorch. */
    @Test
    void severalGraphsBoundToOneKernel() {
        ScoreKernel kernel = backend.createScoreNet(vectors.model(), "");
        List<ScoreNetVectors.Case> cases = vectors.cases();
        List<EdgeScorer> scorers = cases.stream().map(c -> c.bind(kernel)).toList();
        assertTrue(cases.stream().mapToInt(c -> c.edgeI().length).distinct().count() >= 2, "the cases have one graph");
        for (int round = 0; round < 2; round++) {
            for (int k = cases.size() - 1; k >= 0; k--) {
                ScoreNetVectors.Case c = cases.get(k);
                double[] scores = new double[c.scores().length];
                scorers.get(k).score(c.lengths(), c.conformers(), c.sigma(), scores);
                for (int e = 0; e < scores.length; e++) {
                    assertEquals(c.scores()[e], scores[e], 1e-5 * c.scale(), c.name() + " edge " + e);
                }
            }
        }
    }

    /**
     * H = 12 runs the 4-wide kernels (head width 6: scalar dense layer and a scalar tail in the head), H = 6 the
     * scalar ones; random weights and graph against the reference backend, float32 and float64.
     */
    @ParameterizedTest
    @CsvSource({"12, '', 1e-5", "6, '', 1e-5", "12, double, 1e-12"})
    void featureWidthsThatAreNotMultiplesOfEightMatchReference(int h, String precision, double relative) {
        assumeTrue(precision.isEmpty() || backend.describe().contains("fp64)"), "device without fp64");
        ScoreNetParameters model = TestModels.randomScoreNet(h, 2, h);
        Random random = new Random(h);
        int atoms = 15;
        int edges = 40;
        int[] atomType = random.ints(atoms, 0, model.elements().length).toArray();
        int[] edgeI = new int[edges];
        int[] edgeJ = new int[edges];
        for (int e = 0; e < edges; e++) {
            edgeI[e] = random.nextInt(atoms - 1);
            edgeJ[e] = edgeI[e] + 1 + random.nextInt(atoms - 1 - edgeI[e]);
        }
        int[] edgeType = random.ints(edges, 0, model.edgeTypes()).toArray();
        int conformers = 3;
        double[] lengths = random.doubles(conformers * edges, 1, 6).toArray();
        double[] expected = new double[lengths.length];
        double[] scores = new double[lengths.length];
        new ReferenceBackend().createScoreNet(model, "").bind(atomType, edgeI, edgeJ, edgeType).score(lengths, conformers, 0.5, expected);
        backend.createScoreNet(model, precision).bind(atomType, edgeI, edgeJ, edgeType).score(lengths, conformers, 0.5, scores);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        assertArrayEquals(expected, scores, relative * scale);
    }

    @Test
    void bindRejectsIndicesOutsideTheTables() {
        ScoreKernel kernel = backend.createScoreNet(vectors.model(), "");
        int types = vectors.model().edgeTypes();
        assertThrows(IllegalArgumentException.class, () -> kernel.bind(new int[]{0, 0}, new int[]{0}, new int[]{2}, new int[]{0}));
        assertThrows(IllegalArgumentException.class, () -> kernel.bind(new int[]{0, 0}, new int[]{0}, new int[]{1}, new int[]{types}));
        assertThrows(IllegalArgumentException.class, () -> kernel.bind(new int[]{-1, 0}, new int[]{0}, new int[]{1}, new int[]{0}));
    }

    private static double[] score(ScoreKernel kernel, ScoreNetVectors.Case c, double[] lengths, int from, int to) {
        int edges = c.edgeI().length;
        double[] out = new double[(to - from) * edges];
        c.bind(kernel).score(Arrays.copyOfRange(lengths, from * edges, to * edges), to - from, c.sigma(), out);
        return out;
    }
}
