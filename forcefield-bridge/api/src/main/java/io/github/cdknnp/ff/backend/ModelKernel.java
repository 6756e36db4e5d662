package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.Potential;
import java.util.List;

/** A model compiled for one backend, bound to molecules by their per-atom element indices (rows of the model's element table). */
public interface ModelKernel {
    /** A potential for one molecule. */
    Potential bind(int[] elementIndex);

    /** A batch of molecules evaluated together; the default evaluates them one by one. */
    default BatchPotential bindBatch(List<int[]> elementIndices) {
        return BatchPotential.sequential(elementIndices.stream().map(this::bind).toList());
    }
}
