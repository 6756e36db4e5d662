package io.github.cdknnp.spark;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.ChargeRoutedForceField;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NnpForceField;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the executors get their force field: a model file (or the embedded default model) on a named backend.
 * It travels to the executors as these two strings; there it is loaded once per JVM and shared by every task
 * the JVM runs, as the command line shares one force field between its threads.
 *
 * @param modelFile the model file, readable on every executor, the name of an embedded model, or null for the
 *                  embedded default model with the embedded charged model behind it, as on the command line
 * @param backend   the backend selector ({@code cpu}, {@code reference}, {@code opencl[:p:d]}, {@code auto})
 */
record ForceFieldSource(String modelFile, String backend) implements Serializable {
    private static final Map<ForceFieldSource, ForceField> LOADED = new ConcurrentHashMap<>();

    /** The force field of this JVM, loaded on first use. */
    ForceField shared() {
        return LOADED.computeIfAbsent(this, ForceFieldSource::load);
    }

    private ForceField load() {
        ForceField ff = modelFile == null ? ChargeRoutedForceField.embedded(backend) : NnpForceField.load(modelFile, backend);
        Console.info("force field: " + ff.description());
        return ff;
    }
}
