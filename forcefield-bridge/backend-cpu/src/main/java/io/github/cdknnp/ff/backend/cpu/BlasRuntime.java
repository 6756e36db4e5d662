package io.github.cdknnp.ff.backend.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Loads OpenBLAS (JavaCPP's {@code org.bytedeco:openblas} build, natives extracted to ~/.javacpp on first
 * use) once and remembers whether that worked. Loading can fail in many ways (natives missing for this
 * platform, no writable cache directory, no exec permission), and it surfaces as errors rather than
 * exceptions, so every failure is caught here and kept as the reason.
 */
final class BlasRuntime {
    private static volatile BlasRuntime instance;

    private final boolean available;
    private final String description;

    private BlasRuntime(boolean available, String description) {
        this.available = available;
        this.description = description;
    }

    /** The one probe result of this JVM; never throws. */
    static BlasRuntime get() {
        BlasRuntime r = instance;
        if (r == null) {
            synchronized (BlasRuntime.class) {
                r = instance;
                if (r == null) {
                    r = probe();
                    instance = r;
                }
            }
        }
        return r;
    }

    boolean available() {
        return available;
    }

    String description() {
        return description;
    }

    private static BlasRuntime probe() {
        try {
            // A 2x2 product checks the native library and our row-major calling convention end to end.
            FloatPointer a = new FloatPointer(1f, 2f, 3f, 4f);
            FloatPointer b = new FloatPointer(5f, 6f, 7f, 8f);
            FloatPointer c = new FloatPointer(4);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
            float[] got = new float[4];
            c.get(got);
            a.close();
            b.close();
            c.close();
            if (got[0] != 19 || got[1] != 22 || got[2] != 43 || got[3] != 50) {
                return new BlasRuntime(false, "OpenBLAS sgemm self-test failed: " + java.util.Arrays.toString(got));
            }
            int threads = openblas_nolapack.blas_get_num_threads();
            return new BlasRuntime(true, openblas_nolapack.OPENBLAS_VERSION.trim() + " sgemm via JavaCPP"
                    + (threads > 0 ? ", " + threads + " thread(s)" : "") + ", float32, molecules batched in groups of ~"
                    + CpuPainn.GROUP_ATOMS + " atoms");
        } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new BlasRuntime(false, "OpenBLAS natives failed to load: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + (root != e ? " (cause: " + root + ")" : ""));
        }
    }
}
