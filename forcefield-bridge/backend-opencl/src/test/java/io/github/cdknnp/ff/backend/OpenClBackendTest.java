package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.backend.opencl.OpenClBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared backend contract for the OpenCL backend in mixed precision on the default device, plus parity
 * with PyTorch's float64 test vectors for the tiny model and the behaviour for devices that do not exist.
 */
class OpenClBackendTest extends BackendContractTest {
    static final String TINY_VECTORS = "/io/github/cdknnp/models/painn-tiny-test-vectors.h5";

    @Override
    Backend backend() {
        return new OpenClBackend();
    }

    @Override
    double energyTolerance() {
        return 1e-5;
    }

    @Override
    double forceTolerance() {
        return 1e-4;
    }

    /** With the default (device) neighbour list and with the host's. */
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "opencl:hostlist"})
    void mixedPrecisionMatchesPyTorchVectors(String selector) throws Exception {
        double[] worst = PyTorchParityTest.assertMatchesVectors(TINY_VECTORS, selector, 1e-5, 1e-4);
        System.out.printf("%s mixed vs PyTorch float64 (tiny model): max |dE|/atom %.2e eV, max |dF|/max|F| %.2e%n",
                selector, worst[0], worst[1]);
    }

    @Test
    void aModelWithTheDispersionTermMatchesPyTorchOnOpenCl() throws Exception {
        PyTorchParityTest.assertMatchesVectors("/io/github/cdknnp/models/painn-tiny-dispersion-vectors.h5", "opencl", 1e-5, 1e-4);
    }

    @Test
    void aChargedModelMatchesPyTorchOnOpenCl() throws Exception {
        PyTorchParityTest.assertMatchesVectors("/io/github/cdknnp/models/painn-tiny-charged-vectors.h5", "opencl", 1e-5, 1e-4);
    }

    @Test
    void doublePrecisionMatchesPyTorchVectorsLikeTheReference() throws Exception {
        assumeTrue(backend.describe().contains("fp64)"), "device without fp64");
        double[] worst = PyTorchParityTest.assertMatchesVectors(TINY_VECTORS, "opencl:0:0:double", 1e-5, 1e-6);
        System.out.printf("opencl double vs PyTorch float64 (tiny model): max |dE|/atom %.2e eV, max |dF|/max|F| %.2e%n",
                worst[0], worst[1]);
    }

    @Test
    void missingDeviceIsAClearBackendUnavailableException() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new NnpForceField(MODEL, "opencl:9:9"));
        assertTrue(e.getMessage().contains("no OpenCL platform 9"), e.getMessage());
        BackendUnavailableException d = assertThrows(BackendUnavailableException.class,
                () -> new NnpForceField(MODEL, "opencl:0:9"));
        assertTrue(d.getMessage().contains("has no device 9"), d.getMessage());
        assertThrows(BackendUnavailableException.class, () -> new NnpForceField(MODEL, "opencl:x"));
    }

    /** With no OpenCL platform (an ICD loader pointed at no vendors) the backend is unavailable, says why, and auto falls back. */
    @Test
    void withoutPlatformsTheBackendIsUnavailableWithTheReason() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NoPlatformProbe.class.getName());
        pb.environment().put("OCL_ICD_VENDORS", "/nonexistent-cdk-nnp");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("apt-get install ocl-icd-libopencl1 pocl-opencl-icd"), out);
        assertTrue(out.contains("auto=cpu") || out.contains("auto=reference"), "auto falls back to a CPU backend: " + out);
    }

    /** Runs in a child JVM for the test above. */
    static final class NoPlatformProbe {
        public static void main(String[] args) {
            OpenClBackend b = new OpenClBackend();
            System.out.println("available=" + b.isAvailable() + " " + b.describe());
            System.out.println("auto=" + Backends.select("auto").name());
        }
    }
}
