package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.task.MoleculeTask;
import io.github.cdknnp.task.OptionException;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cdk-nnp} command line. Exit codes: 0 all records done, 1 some failed, 2 usage error, 3 nothing done. */
@Command(name = "cdk-nnp", mixinStandardHelpOptions = true, version = "cdk-nnp 0.1.0",
        description = "Neural network potentials for CDK molecules: energies, geometry optimization, molecular dynamics.",
        subcommands = {EnergyCommand.class, OptimizeCommand.class, MdCommand.class, BenchCommand.class,
            ConfgfDataCommand.class, ConfgenCommand.class, ConfevalCommand.class})
public final class Main {
    private static PrintStream results = System.out;

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for embedding and tests). */
    public static int run(String... args) {
        return execute(Main.class, args);
    }

    /**
     * Runs a picocli command (a class or an instance) the way {@code cdk-nnp} runs its commands: CDK's own
     * warnings silenced, a bad option value ({@link OptionException}) reported as one line with exit code 2, an
     * input problem as one line with exit code 3, instead of a stack trace. Returns the exit code.
     */
    public static int execute(Object command, String... args) {
        if (System.getProperty("cdk.logging.level") == null) {
            // CDK's own warnings (e.g. ModelBuilder3D's missing parameters) would drown the per-record messages
            System.setProperty("cdk.logging.level", "fatal");
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        CommandLine cli = new CommandLine(command);
        PrintStream stdout = System.out;
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(stdout, java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof OptionException) {
                Console.error("cdk-nnp: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof NnpException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                Console.error("cdk-nnp: " + MoleculeTask.failureMessage(e));
                return RecordRunner.NONE_OK;
            }
            throw e;
        });
        // results (CSV, tables) go to the standard output captured here; anything else that prints to System.out
        // during a run (CDK's 3D builder does) goes to standard error, so piped results stay clean
        PrintStream previous = results;
        results = stdout;
        System.setOut(System.err);
        Console.reset();
        try {
            return cli.execute(args);
        } finally {
            Console.reset();
            System.setOut(stdout);
            results = previous;
        }
    }

    /** Where a command writes results meant for standard output. */
    static PrintStream results() {
        return results;
    }
}
