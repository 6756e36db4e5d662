package io.github.cdknnp.cli;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.conformers.DistanceGraph;
import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.backend.Backend;
import io.github.cdknnp.ff.backend.Backends;
import io.github.cdknnp.ff.backend.EdgeScorer;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The {@code scorenet} section of {@code cdk-nnp bench}: wall and process-CPU time per score-network call (all
 * conformers of a molecule in one call, as the sampler makes them) for C = 1, 8 and 32 conformers of the
 * molecule closest to 40 atoms, on every backend with score-network kernels, and what {@code auto} picks.
 */
final class ScoreNetBench {
    private static final int[] CONFORMERS = {1, 8, 32};
    private static final long NANOS_PER_POINT = 2_000_000_000L;
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    private ScoreNetBench() {
    }

    static void run(List<IAtomContainer> molecules, Consumer<String> line) {
        ScoreNetParameters model = ModelFile.readScoreNetResource(ConformerGenerator.DEFAULT_SCORE_MODEL);
        IAtomContainer mol = molecules.stream().min(Comparator.comparingInt(m -> Math.abs(m.getAtomCount() - 40))).orElseThrow();
        DistanceGraph graph = DistanceGraph.of(mol, model.elements());
        double[] one = graph.lengths(CdkStructure.of(mol, CdkStructure.Options.COMPLETE).positions(), new double[graph.edges()]);
        line.accept("");
        line.accept("## Score network: time per call on " + mol.getTitle() + " (" + graph.atoms() + " atoms, " + graph.edges()
                + " edges; H=" + model.features() + ", " + model.layers().size() + " GIN layers)");
        line.accept("");
        StringBuilder header = new StringBuilder("| backend |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int c : CONFORMERS) {
            header.append(" C=").append(c).append(": ms (CPU-ms) |");
            rule.append("---|");
        }
        line.accept(header.append(" ms per conformer at C=").append(CONFORMERS[CONFORMERS.length - 1]).append(" |").toString());
        line.accept(rule.append("---|").toString());
        Map<Class<?>, String> backendOf = new HashMap<>();
        for (Backend backend : Backends.all()) {
            ScoreKernel kernel;
            try {
                kernel = backend.isAvailable() ? backend.createScoreNet(model, "") : null;
            } catch (BackendUnavailableException e) {
                kernel = null;
            }
            if (kernel == null) {
                line.accept("| " + backend.name() + " | no score-network kernels here | | | |");
                continue;
            }
            backendOf.put(kernel.getClass(), backend.name());
            EdgeScorer scorer = kernel.bind(graph.atomTypes(), graph.edgeI(), graph.edgeJ(), graph.edgeTypes());
            StringBuilder row = new StringBuilder("| " + backend.name() + " |");
            double perConformer = 0;
            for (int c : CONFORMERS) {
                double[] ms = time(scorer, one, c, model.sigma(model.sigmaCount() / 2));
                row.append(String.format(Locale.ROOT, " %.2f (%.2f) |", ms[0], ms[1]));
                perConformer = ms[0] / c;
            }
            line.accept(row.append(String.format(Locale.ROOT, " %.3f |", perConformer)).toString());
        }
        line.accept("");
        line.accept("`auto` picks " + backendOf.get(Backends.scoreNet(model, "auto").getClass()) + ".");
    }

    /**
     * Wall and process-CPU milliseconds per call for {@code conformers} noisy copies of one conformer's lengths,
     * after a second of warm-up (JIT, workspace growth).
     */
    private static double[] time(EdgeScorer scorer, double[] one, int conformers, double sigma) {
        double[] lengths = new double[conformers * one.length];
        Random random = new Random(conformers);
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = one[k % one.length] + 0.1 * random.nextGaussian();
        }
        double[] out = new double[lengths.length];
        for (long w0 = System.nanoTime(); System.nanoTime() - w0 < WARM_UP_NANOS; ) {
            scorer.score(lengths, conformers, sigma, out);
        }
        return CallTimer.perCall(() -> scorer.score(lengths, conformers, sigma, out), NANOS_PER_POINT, 3);
    }
}
