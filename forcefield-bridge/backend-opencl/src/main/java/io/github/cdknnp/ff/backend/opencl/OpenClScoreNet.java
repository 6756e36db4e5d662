package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.CalculationException;
import io.github.cdknnp.ff.backend.EdgeScorer;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import java.lang.ref.Cleaner;

/**
 * A ConfGF score network on one OpenCL device: weights uploaded once, each graph once per {@link #bind}, and a
 * persistent workspace shared by the scorers of this kernel (their calls are serialized on the device). All
 * conformers of a call are one launch sequence ({@link ScorePass}); when the device runs out of memory they
 * are halved and each half scored in turn.
 */
final class OpenClScoreNet implements ScoreKernel {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ScoreNetParameters parameters;
    private final ClDevice device;
    private final Workspace workspace;
    private final ScorePass pass;

    OpenClScoreNet(ScoreNetParameters parameters, ClDevice device, Precision precision, long memoryBudget) {
        this.parameters = parameters;
        this.device = device;
        int h = parameters.features();
        Kernels kernels;
        ScoreWeights weights;
        synchronized (device) {
            kernels = device.kernels(precision, h % 8 == 0 ? 8 : h % 4 == 0 ? 4 : 1);
            weights = new ScoreWeights(device, precision, parameters);
        }
        workspace = new Workspace(device, memoryBudget);
        pass = new ScorePass(device, weights, kernels, workspace);
        CLEANER.register(this, releasing(device, weights::release, workspace::releaseAll));
    }

    @Override
    public EdgeScorer bind(int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType) {
        ScoreGraph graph;
        synchronized (device) {
            graph = new ScoreGraph(device, parameters.elements().length, parameters.edgeTypes(), atomType, edgeI, edgeJ,
                    edgeType);
        }
        EdgeScorer scorer = (lengths, conformers, sigma, out) -> {
            int values = conformers * graph.edges;
            if (conformers < 0 || lengths.length < values || out.length < values) {
                throw new IllegalArgumentException(conformers + " conformers of " + graph.edges + " edges need "
                        + values + " lengths and scores, got " + lengths.length + " and " + out.length);
            }
            if (values > 0) {
                synchronized (device) {
                    score(graph, lengths, sigma, out, 0, conformers);
                }
            }
        };
        CLEANER.register(scorer, releasing(device, graph::release));
        return scorer;
    }

    /** Bytes of device memory the workspace holds now (for tests). */
    long workspaceBytes() {
        return workspace.allocated();
    }

    private void score(ScoreGraph graph, double[] lengths, double sigma, double[] out, int from, int to) {
        try {
            pass.run(graph, lengths, from, to, sigma, out);
        } catch (DeviceMemoryException e) {
            workspace.releaseAll();
            if (to - from == 1) {
                throw new CalculationException("OpenCL device " + device + " cannot hold one conformer of "
                        + graph.atoms + " atoms and " + graph.edges + " edges: " + e.getMessage(), e);
            }
            int mid = (from + to) >>> 1;
            score(graph, lengths, sigma, out, from, mid);
            score(graph, lengths, sigma, out, mid, to);
        }
    }

    /** Frees device memory nobody can reach any more, under the device lock. */
    private static Runnable releasing(ClDevice device, Runnable... steps) {
        return () -> {
            synchronized (device) {
                for (Runnable step : steps) {
                    step.run();
                }
            }
        };
    }
}
