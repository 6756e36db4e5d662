package io.github.cdknnp.cli;

import io.github.cdknnp.ff.NnpForceField;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares for choosing the model and the backend. */
final class ForceFieldOptions {
    @Option(names = "--model", paramLabel = "FILE",
            description = "NNP model file (HDF5, cdk-nnp format). Default: the embedded default model.")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Compute backend: auto, reference, cpu, opencl[:platform:device]. Default: ${DEFAULT-VALUE}.")
    String backend;

    /** Loads the force field and says on standard error which one runs. */
    NnpForceField load() {
        NnpForceField ff = model == null ? NnpForceField.load(backend) : NnpForceField.load(model, backend);
        System.err.println("force field: " + ff.description());
        return ff;
    }
}
