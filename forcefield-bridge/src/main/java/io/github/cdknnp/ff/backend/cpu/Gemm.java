package io.github.cdknnp.ff.backend.cpu;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Row-major float GEMMs between Java arrays and constant ND4J weight matrices, {@code C = A·W (+ bias)},
 * through reusable off-heap staging arrays. Rows are processed in chunks of at most {@link #CHUNK}, so
 * staging memory stays bounded however many atoms or pairs there are. Not thread-safe: one per evaluator.
 */
final class Gemm {
    static final int CHUNK = 2048;

    private final Map<Integer, Stage> inputs = new HashMap<>();
    private final Map<Integer, Stage> outputs = new HashMap<>();
    private float[] scratch = new float[0];

    /**
     * {@code c[r·n + j] = (accumulate ? c[r·n + j] : 0) + Σ_k a[r·k + kk]·w[kk, j] + bias[j]} for r < m.
     *
     * @param w    constant {@code [k, n]} float matrix
     * @param bias length n, or null
     */
    void multiply(float[] a, int m, INDArray w, float[] bias, float[] c, boolean accumulate) {
        int k = (int) w.rows();
        int n = (int) w.columns();
        Stage in = inputs.computeIfAbsent(k, Stage::new);
        Stage out = outputs.computeIfAbsent(n, Stage::new);
        if (scratch.length < CHUNK * n) {
            scratch = new float[CHUNK * n];
        }
        for (int r0 = 0; r0 < m; r0 += CHUNK) {
            int rows = Math.min(CHUNK, m - r0);
            in.buffer.put(0, a, r0 * k, rows * k);
            Nd4j.gemm(in.view(rows), w, out.view(rows), false, false, 1.0, 0.0);
            out.buffer.get(0, scratch, 0, rows * n);
            int base = r0 * n;
            if (bias == null && !accumulate) {
                System.arraycopy(scratch, 0, c, base, rows * n);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                for (int j = 0; j < n; j++) {
                    float v = scratch[o + j];
                    if (bias != null) {
                        v += bias[j];
                    }
                    if (accumulate) {
                        v += c[base + o + j];
                    }
                    c[base + o + j] = v;
                }
            }
        }
    }

    /** A {@code [CHUNK, width]} off-heap matrix, its NIO view and a cached view of its first rows. */
    private static final class Stage {
        final INDArray full;
        final FloatBuffer buffer;
        private int viewRows = -1;
        private INDArray view;

        Stage(int width) {
            full = Nd4j.create(DataType.FLOAT, CHUNK, width);
            buffer = full.data().asNioFloat();
        }

        INDArray view(int rows) {
            if (rows != viewRows) {
                view = rows == CHUNK ? full : full.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
                viewRows = rows;
            }
            return view;
        }
    }
}
