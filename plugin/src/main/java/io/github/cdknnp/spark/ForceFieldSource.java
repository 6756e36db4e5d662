package io.github.cdknnp.spark;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.ChargeRoutedForceField;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.task.ModelSession;
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
    /** The sessions of this executor JVM: they live as long as it does, as Spark gives executors no close hook. */
    private static final Map<ForceFieldSource, ModelSession> SESSIONS = new ConcurrentHashMap<>();

    /** The session of this JVM on this force field, opened on first use. */
    ModelSession shared() {
        return SESSIONS.computeIfAbsent(this, s -> new ModelSession(s.load()));
    }

    private ForceField load() {
        ForceField ff = modelFile == null ? ChargeRoutedForceField.embedded(backend) : NnpForceField.load(modelFile, backend);
        Console.info("force field: " + ff.description());
        return ff;
    }
}
