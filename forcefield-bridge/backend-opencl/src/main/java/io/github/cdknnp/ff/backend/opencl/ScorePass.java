package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import com.jogamp.opencl.CLException;
import java.util.Arrays;

/**
 * The launch sequence of one score-network call for conformers of one graph, stacked as rows (C·N nodes,
 * C·E edges): distance embedding, then per GIN layer a gather and two dense layers, then the head; 9 + 4L
 * launches whatever C is. Per call only the edge lengths go up and the scores come down; nothing is allocated
 * once the workspace has grown to the largest C·E seen.
 */
final class ScorePass {
    private final ClDevice device;
    private final ScoreWeights w;
    private final Kernels k;
    private final Workspace ws;
    private final int h;
    private final boolean doubleReals;

    ScorePass(ClDevice device, ScoreWeights w, Kernels k, Workspace ws) {
        this.device = device;
        this.w = w;
        this.k = k;
        this.ws = ws;
        this.h = w.distance2.out();
        this.doubleReals = k.precision == Precision.DOUBLE;
    }

    /**
     * Scores conformers {@code [from, to)} of {@code lengths} (conformer-major) into the same places of {@code out}.
     *
     * @throws DeviceMemoryException when the workspace or the device cannot hold them
     */
    void run(ScoreGraph g, double[] lengths, int from, int to, double sigma, double[] out) {
        try {
            enqueue(g, lengths, from, to, sigma, out);
        } catch (CLException e) {
            throw DeviceMemoryException.of(e, device);
        }
    }

    private void enqueue(ScoreGraph g, double[] lengths, int from, int to, double sigma, double[] out) {
        int rowsE = (to - from) * g.edges;
        int rowsN = (to - from) * g.atoms;
        int edgeValues = rowsE * h;
        int nodeValues = rowsN * h;
        double[] part = from == 0 ? lengths : Arrays.copyOfRange(lengths, from * g.edges, to * g.edges);
        CLBuffer<?> length = ws.upload("lengths", part, rowsE, doubleReals);
        CLBuffer<?> hidden = real("edgeHidden", edgeValues);
        CLBuffer<?> edge = real("edge", edgeValues);
        k.launch("score_distance").mem(length).r(Math.log(sigma)).mem(w.distance1.matrix()).mem(w.distance1.bias())
                .mem(hidden).i(h).runRows(h, rowsE);
        dense(hidden, w.distance2, edge, rowsE, false);
        k.launch("score_edge_type").mem(edge).mem(g.edgeType).mem(w.edgeEmbedding).i(g.edges).i(h).runRows(h, rowsE);
        CLBuffer<?> node = real("node", nodeValues);
        CLBuffer<?> input = real("ginInput", nodeValues);
        CLBuffer<?> nodeHidden = real("nodeHidden", nodeValues);
        k.launch("score_embed").mem(g.atomType).mem(w.atomEmbedding).mem(node).i(g.atoms).i(h).runRows(h, rowsN);
        int chunks = nodeValues / k.vectorWidth;
        for (int l = 0; l < w.gin1.size(); l++) {
            k.launch("score_aggregate").mem(g.rowStart).mem(g.nbr).mem(g.inc).mem(node).mem(edge).mem(input)
                    .i(g.atoms).i(g.edges).i(h).i(chunks).run(chunks);
            dense(input, w.gin1.get(l), nodeHidden, rowsN, false);
            silu(nodeHidden, nodeValues);
            dense(nodeHidden, w.gin2.get(l), node, rowsN, true);
        }
        CLBuffer<?> features = real("headInput", 2L * edgeValues);
        k.launch("score_pair_features").mem(g.edgeI).mem(g.edgeJ).mem(node).mem(edge).mem(features).i(g.atoms).i(g.edges)
                .i(h).runRows(h, rowsE);
        dense(features, w.output1, hidden, rowsE, false);
        silu(hidden, edgeValues);
        CLBuffer<?> head = real("headHidden", (long) rowsE * w.output2.out());
        dense(hidden, w.output2, head, rowsE, false);
        CLBuffer<?> scores = ws.result("scores", (long) rowsE * k.precision.realBytes());
        k.launch("score_head").mem(head).mem(w.output3).r(w.output3Bias).r(sigma).mem(scores).i(w.output2.out()).i(rowsE)
                .run(rowsE);
        System.arraycopy(ws.download(scores, rowsE, doubleReals), 0, out, from * g.edges, rowsE);
    }

    /** y (+)= x·layer + bias over {@code rows} rows, with painn.cl's widest dense kernel that divides the output width. */
    private void dense(CLBuffer<?> x, ScoreWeights.Layer layer, CLBuffer<?> y, int rows, boolean accumulate) {
        int vec = layer.out() % 16 == 0 ? 16 : layer.out() % 8 == 0 ? 8 : layer.out() % 4 == 0 ? 4 : 1;
        int rowsPerItem = vec == 16 ? 4 : 8;
        k.launch(vec == 1 ? "linear" : "linear" + vec).mem(x).i(layer.in()).mem(layer.matrix()).mem(layer.bias()).i(1)
                .mem(y).i(layer.out()).i(rows).mem(allRows()).i(layer.in()).i(layer.out()).i(accumulate ? 1 : 0)
                .runRows(layer.out() / vec, (rows + rowsPerItem - 1) / rowsPerItem);
    }

    /** painn.cl's dense kernels take a device-side row limit; the score network uses every row. */
    private CLBuffer<?> allRows() {
        return ws.upload("allRows", new int[] {Integer.MAX_VALUE}, 1);
    }

    private void silu(CLBuffer<?> values, int count) {
        k.launch("silu_apply").mem(values).mem(values).i(count).run(count);
    }

    private CLBuffer<?> real(String name, long values) {
        return ws.scratch(name, values * k.precision.realBytes());
    }
}
