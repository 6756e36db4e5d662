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
        "/io/github/cdknnp/models/painn-test-vectors.h5"})
    void referenceBackendMatchesPyTorchInDoublePrecision(String vectors) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(vectors)) {
            assertNotNull(in, "missing test vectors " + vectors);
            try (HdfFile h = HdfFile.fromInputStream(in)) {
                String modelResource = String.valueOf(h.getAttribute("model_resource").getData());
                PainnParameters model = ModelFile.readResource(modelResource);
                NnpForceField ff = new NnpForceField(model, "reference");
                long[] offsets = (long[]) h.getDatasetByPath("offsets").getData();
                int[] numbers = (int[]) h.getDatasetByPath("numbers").getData();
                double[][] positions = (double[][]) h.getDatasetByPath("positions").getData();
                double[] energy = (double[]) h.getDatasetByPath("energy").getData();
                double[][] forces = (double[][]) h.getDatasetByPath("forces").getData();
                for (int k = 0; k < energy.length; k++) {
                    int from = (int) offsets[k];
                    int n = (int) offsets[k + 1] - from;
                    double[] x = new double[3 * n];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(positions[from + i], 0, x, 3 * i, 3);
                    }
                    Potential p = ff.bind(AtomicSystem.neutral(Arrays.copyOfRange(numbers, from, from + n)));
                    double[] f = new double[3 * n];
                    double e = p.compute(x, f);
                    assertEquals(energy[k], e, 1e-5 * n, "energy of structure " + k + " (eV, 1e-5 eV/atom)");
                    double scale = 0;
                    for (int i = 0; i < n; i++) {
                        for (int a = 0; a < 3; a++) {
                            scale = Math.max(scale, Math.abs(forces[from + i][a]));
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        for (int a = 0; a < 3; a++) {
                            assertEquals(forces[from + i][a], f[3 * i + a], 1e-6 * Math.max(scale, 1e-3),
                                    "force on atom " + i + " of structure " + k);
                        }
                    }
                }
            }
        }
    }
}
