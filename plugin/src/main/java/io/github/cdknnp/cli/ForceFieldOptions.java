package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.ChargeRoutedForceField;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.backend.Backends;
import io.github.cdknnp.task.OptionException;
import picocli.CommandLine.Option;

/** The options every command shares for choosing the model and the backend. */
final class ForceFieldOptions {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "NNP model: a model file (HDF5, cdk-nnp format) or the name of an embedded model ("
                    + "see resources/MODEL.md). Default: the embedded default model, and for molecules with a total "
                    + "charge it does not take, the embedded " + NnpForceField.CHARGED_MODEL_NAME + ".")
    String model;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Compute backend: auto, reference, cpu, opencl[:platform:device]. Default: ${DEFAULT-VALUE}.")
    String backend;

    /**
     * Loads the force field and says on standard error which one runs: the named model alone, or without a name the
     * default model with the charged one behind it.
     */
    ForceField load() {
        if (!Backends.known(backend)) {
            throw new OptionException("unknown backend '" + backend + "': use auto, reference, cpu or opencl[:platform:device]");
        }
        ForceField ff = model == null ? ChargeRoutedForceField.embedded(backend) : NnpForceField.load(model, backend);
        Console.info("force field: " + ff.description());
        return ff;
    }
}
