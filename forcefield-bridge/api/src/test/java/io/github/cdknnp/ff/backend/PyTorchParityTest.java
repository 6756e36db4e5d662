package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.PainnParameters;
import io.jhdf.HdfFile;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java reference backend reproduces the training recipe's PyTorch model: energies and forces computed
 * by PyTorch in float64 on committed test vectors ({@code resources/training/make_test_vectors.py}).
 */
class PyTorchParityTest {
    @ParameterizedTest
    @CsvSource({
        "/io/github/cdknnp/models/painn-tiny-test-vectors.h5",
        "/io/github/cdknnp/models/painn-tiny-dispersion-vectors.h5",
        "/io/github/cdknnp/models/painn-tiny-charged-vectors.h5",
        "/io/github/cdknnp/models/painn-dft-charged-v1-vectors.h5",
        "/io/github/cdknnp/models/painn-test-vectors.h5"})
    void referenceBackendMatchesPyTorchInDoublePrecision(String vectors) throws Exception {
        assertMatchesVectors(vectors, "reference", 1e-5, 1e-6);
    }

    /**
     * Checks a backend against committed PyTorch float64 vectors: energies within {@code energyPerAtom} eV per
     * atom, forces within {@code forceRelative} of the structure's largest force component (at least 1e-3 eV/Å).
     *
     * @return the largest errors seen: {energy error per atom (eV), force error relative to the largest force}
     */
    static double[] assertMatchesVectors(String vectors, String backendSelector, double energyPerAtom,
            double forceRelative) throws Exception {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream(vectors)) {
            assertNotNull(in, "missing test vectors " + vectors);
            try (HdfFile h = HdfFile.fromInputStream(in)) {
                String modelResource = String.valueOf(h.getAttribute("model_resource").getData());
                return assertMatchesVectors(h, ModelFile.readResource(modelResource), backendSelector, energyPerAtom,
                        forceRelative);
            }
        }
    }

    /** As {@link #assertMatchesVectors(String, String, double, double)}, for an open vectors file and a model. */
    static double[] assertMatchesVectors(HdfFile h, PainnParameters model, String backendSelector, double energyPerAtom,
            double forceRelative) {
        double worstEnergy = 0;
        double worstForce = 0;
        NnpForceField ff = new NnpForceField(model, backendSelector);
        long[] offsets = (long[]) h.getDatasetByPath("offsets").getData();
        int[] numbers = (int[]) h.getDatasetByPath("numbers").getData();
        double[][] positions = (double[][]) h.getDatasetByPath("positions").getData();
        double[] energy = (double[]) h.getDatasetByPath("energy").getData();
        double[][] forces = (double[][]) h.getDatasetByPath("forces").getData();
        int[] charge = h.getChildren().containsKey("charge") ? (int[]) h.getDatasetByPath("charge").getData()
                : new int[energy.length];
        for (int k = 0; k < energy.length; k++) {
            int from = (int) offsets[k];
            int n = (int) offsets[k + 1] - from;
            double[] x = new double[3 * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(positions[from + i], 0, x, 3 * i, 3);
            }
            Potential p = ff.bind(new AtomicSystem(Arrays.copyOfRange(numbers, from, from + n), charge[k]));
            double[] f = new double[3 * n];
            double e = p.compute(x, f);
            assertEquals(energy[k], e, energyPerAtom * n, "energy of structure " + k + ", charge " + charge[k]
                    + " (eV, per-atom tolerance "
                    + energyPerAtom + " eV)");
            worstEnergy = Math.max(worstEnergy, Math.abs(energy[k] - e) / n);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    scale = Math.max(scale, Math.abs(forces[from + i][a]));
                }
            }
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    assertEquals(forces[from + i][a], f[3 * i + a], forceRelative * Math.max(scale, 1e-3),
                            "force on atom " + i + " of structure " + k);
                    worstForce = Math.max(worstForce, Math.abs(forces[from + i][a] - f[3 * i + a]) / Math.max(scale, 1e-3));
                }
            }
        }
        return new double[]{worstEnergy, worstForce};
    }
}
