package io.github.cdknnp.spark;

import io.github.cdknnp.io.Console;
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
 *                  embedded default model
 * @param backend   the backend selector ({@code cpu}, {@code reference}, {@code opencl[:p:d]}, {@code auto})
 */
record ForceFieldSource(String modelFile, String backend) implements Serializable {
    private static final Map<ForceFieldSource, NnpForceField> LOADED = new ConcurrentHashMap<>();

    /** The force field of this JVM, loaded on first use. */
    NnpForceField shared() {
        return LOADED.computeIfAbsent(this, ForceFieldSource::load);
    }

    private NnpForceField load() {
        NnpForceField ff = NnpForceField.load(modelFile, backend);
        Console.info("force field: " + ff.description());
        return ff;
    }
}
