package io.github.cdknnp.ff.backend.cpu;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend once and remembers whether that worked. Loading can fail in many ways
 * (missing or incompatible natives, no writable ~/.javacpp, CPU without the required instructions), and
 * it surfaces as errors rather than exceptions, so every failure is caught here and kept as a reason.
 */
final class Nd4jRuntime {
    private static volatile Nd4jRuntime instance;

    private final boolean available;
    private final String description;

    private Nd4jRuntime(boolean available, String description) {
        this.available = available;
        this.description = description;
    }

    /** The one probe result of this JVM; never throws. */
    static Nd4jRuntime get() {
        Nd4jRuntime r = instance;
        if (r == null) {
            synchronized (Nd4jRuntime.class) {
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

    private static Nd4jRuntime probe() {
        try {
            // A 2x2 float product checks the native library, BLAS and our use of it end to end.
            INDArray a = Nd4j.create(new float[]{1, 2, 3, 4}, new long[]{2, 2}, 'c');
            INDArray b = Nd4j.create(new float[]{5, 6, 7, 8}, new long[]{2, 2}, 'c');
            INDArray c = Nd4j.create(DataType.FLOAT, 2, 2);
            a.mmuli(b, c);
            float[] got = c.data().asFloat();
            if (got[0] != 19 || got[1] != 22 || got[2] != 43 || got[3] != 50) {
                return new Nd4jRuntime(false, "ND4J matrix product self-test failed");
            }
            String backend = Nd4j.getBackend().getClass().getSimpleName();
            return new Nd4jRuntime(true, "ND4J " + backend + " + OpenBLAS, float32, batched GEMMs, "
                    + Nd4j.factory().blas().getMaxThreads() + " BLAS thread(s)");
        } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new Nd4jRuntime(false, "ND4J native backend failed to load: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + (root != e ? " (cause: " + root + ")" : ""));
        }
    }
}
