package io.github.cdknnp.task;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which per-record task a generic batch job runs ({@code --task}) and the options of the tasks: the single place
 * where tasks are registered. To add one (e.g. {@code confgen}, N conformers per molecule), add its name to
 * {@link Name}, its options mixin as a field, and its case in {@link #create()}.
 */
public final class TaskOptions {
    /** The registered tasks. */
    public enum Name { optimize, confgen }

    @Option(names = "--task", defaultValue = "optimize",
            description = "Task run on every record: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Name task;

    @Mixin
    InputPolicy input;

    @Mixin
    OptimizeSettings optimize;

    @Mixin
    ConfgenSettings confgen;

    /** The name of the task chosen. */
    public Name name() {
        return task;
    }

    /** The task chosen on the command line, with its options. */
    public MoleculeTask create() {
        return switch (task) {
            case optimize -> new OptimizeTask(input, optimize);
            case confgen -> new ConfgenTask(input, confgen, optimize);
        };
    }
}
