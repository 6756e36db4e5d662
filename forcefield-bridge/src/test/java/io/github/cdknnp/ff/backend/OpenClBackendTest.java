package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.backend.opencl.OpenClBackend;

/** The shared backend contract for the OpenCL backend (mixed precision) on the default device. */
class OpenClBackendTest extends BackendContractTest {
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
}
