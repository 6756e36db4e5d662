package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/**
 * A compute platform for neural network potentials, in the manner of OpenMM's platforms: the model's
 * parameters are the same everywhere, each backend supplies kernels for them. Backends are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.github.cdknnp.ff.backend.Backend}) and
 * chosen by name or, with {@code auto}, by {@link #speed()} among the available ones.
 */
public interface Backend {
    /** Short name used on the command line, e.g. {@code reference}, {@code cpu}, {@code opencl}. */
    String name();

    /** Whether this backend can run here (libraries and devices present). Must not throw. */
    boolean isAvailable();

    /** Relative speed for {@code auto} selection; the reference backend is 1. */
    double speed();

    /** Why the backend is unavailable, or a description of the device when it is. */
    String describe();

    /**
     * Prepares kernels for a PaiNN model.
     *
     * @param device backend-specific device selector (e.g. {@code 0:1} for OpenCL), or empty for the default
     */
    ModelKernel createPainn(PainnParameters parameters, String device);

    /**
     * Prepares kernels for a ConfGF score network. A backend without them says so with
     * {@link BackendUnavailableException}; callers then fall back to another backend.
     */
    default ScoreKernel createScoreNet(ScoreNetParameters parameters, String device) {
        throw new BackendUnavailableException("backend '" + name() + "' has no score-network kernels");
    }
}
