package io.github.cdknnp.ff.backend.cpu;

import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.backend.Backend;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/**
 * PaiNN on the CPU in float32 through OpenBLAS sgemm (JavaCPP): the atoms of all molecules of a batch concatenated,
 * every dense layer one GEMM over all atoms, the radial filters of all blocks one GEMM over all pairs,
 * messages scattered in Java, and a hand-written backward pass (transposed GEMMs) for the forces.
 * Energies and forces are accumulated in double; see {@link CpuPainn} for the precision contract.
 */
public final class CpuBackend implements Backend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean isAvailable() {
        try {
            return BlasRuntime.get().available();
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public double speed() {
        return 5;
    }

    @Override
    public String describe() {
        try {
            return BlasRuntime.get().description();
        } catch (Throwable e) {
            return "OpenBLAS unavailable: " + e;
        }
    }

    /** @param device ignored (the CPU backend has one device); must be empty or {@code 0} */
    @Override
    public ModelKernel createPainn(PainnParameters parameters, String device) {
        if (!isAvailable()) {
            throw new BackendUnavailableException("backend 'cpu' is not available: " + describe());
        }
        if (device != null && !device.isBlank() && !device.trim().equals("0")) {
            throw new IllegalArgumentException("the cpu backend has one device (0), got '" + device + "'");
        }
        CpuWeights weights = new CpuWeights(parameters);
        return new ModelKernel() {
            @Override
            public io.github.cdknnp.ff.Potential bind(int[] elementIndex) {
                return new CpuPainn(weights, java.util.List.of(elementIndex)).single();
            }

            @Override
            public io.github.cdknnp.ff.BatchPotential bindBatch(java.util.List<int[]> elementIndices) {
                return new CpuPainn(weights, elementIndices);
            }
        };
    }

    @Override
    public ScoreKernel createScoreNet(ScoreNetParameters parameters, String device) {
        if (!isAvailable()) {
            throw new BackendUnavailableException("backend 'cpu' is not available: " + describe());
        }
        return new CpuScoreNet(parameters);
    }
}
