package io.github.cdknnp.ff.backend.opencl;

/**
 * Arithmetic precision of the OpenCL kernels.
 *
 * <p>{@link #MIXED} (the default) evaluates the network in float32 and accumulates the per-pair position
 * gradient and the per-atom forces in float64 when the device has fp64 (float32 otherwise); per-atom
 * energies are summed per molecule in float64 on the host, after the large per-element reference energies
 * are added there in float64. This is OpenMM's "mixed" mode. {@link #DOUBLE} runs everything in float64
 * (devices with fp64 only): for testing and finite-difference checks.
 */
public enum Precision {
    MIXED(4),
    DOUBLE(8);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Size in bytes of the kernels' {@code real} type. */
    int realBytes() {
        return bytes;
    }
}
