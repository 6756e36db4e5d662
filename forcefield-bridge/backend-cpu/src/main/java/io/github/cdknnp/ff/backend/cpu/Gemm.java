package io.github.cdknnp.ff.backend.cpu;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major float GEMMs between Java arrays and constant weight matrices, {@code C = A·W (+ bias)}, by
 * OpenBLAS {@code cblas_sgemm} on reusable off-heap staging buffers. Rows are processed in chunks of at most
 * {@link #CHUNK}, so staging memory stays bounded however many atoms or pairs there are.
 *
 * <p>OpenBLAS is called directly rather than through ND4J: ND4J 1.0.0-M2.1's op dispatch measured
 * 0.1–0.8 ms per small product (e.g. 20×64·64×192), 20–40 times the product itself, which dominated
 * molecules of drug size. Not thread-safe: one per evaluator.
 */
final class Gemm {
    static final int CHUNK = 2048;

    private final Map<Integer, FloatPointer> inputs = new HashMap<>();
    private final Map<Integer, FloatPointer> outputs = new HashMap<>();
    private float[] scratch = new float[0];

    /** A constant {@code [rows, cols]} row-major matrix off-heap. */
    record Matrix(FloatPointer data, int rows, int cols) {
        static Matrix of(float[] values, int rows, int cols) {
            if (values.length != rows * cols) {
                throw new IllegalArgumentException(values.length + " values for a " + rows + "x" + cols + " matrix");
            }
            FloatPointer p = new FloatPointer((long) values.length);
            p.put(values, 0, values.length);
            return new Matrix(p, rows, cols);
        }
    }

    /**
     * {@code c[r·n + j] = (accumulate ? c[r·n + j] : 0) + Σ_kk a[r·k + kk]·w[kk, j] + bias[j]} for r < m.
     *
     * @param w    constant {@code [k, n]} matrix
     * @param bias length n, or null
     */
    void multiply(float[] a, int m, Matrix w, float[] bias, float[] c, boolean accumulate) {
        int k = w.rows();
        int n = w.cols();
        if (m == 0) {
            return;
        }
        int chunk = Math.min(CHUNK, m);
        FloatPointer in = stage(inputs, k, chunk);
        FloatPointer out = stage(outputs, n, chunk);
        if (scratch.length < chunk * n) {
            scratch = new float[chunk * n];
        }
        for (int r0 = 0; r0 < m; r0 += CHUNK) {
            int rows = Math.min(CHUNK, m - r0);
            in.put(a, r0 * k, rows * k);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, rows, n, k, 1f, in, k, w.data(), n, 0f, out, n);
            int base = r0 * n;
            if (bias == null && !accumulate) {
                out.get(c, base, rows * n);
                continue;
            }
            out.get(scratch, 0, rows * n);
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

    /** A staging buffer of at least {@code rows × width} floats, reallocated only when too small. */
    private static FloatPointer stage(Map<Integer, FloatPointer> stages, int width, int rows) {
        FloatPointer p = stages.get(width);
        long need = (long) rows * width;
        if (p == null || p.capacity() < need) {
            if (p != null) {
                p.close();
            }
            p = new FloatPointer(need);
            stages.put(width, p);
        }
        return p;
    }
}
