package io.github.cdknnp.spark;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.cli.Main;
import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeReader.RecordText;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.task.MoleculeTask;
import io.github.cdknnp.task.RunSummary;
import io.github.cdknnp.task.TaskOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Apache Spark job: runs a per-record task ({@code --task optimize}) over SMILES/SDF/XYZ inputs partitioned
 * across the executors, and writes one SDF in input order with the same records, properties and error log as
 * {@code cdk-nnp optimize}.
 *
 * <p>The driver splits the inputs into record texts (SD records at {@code $$$$}, SMILES lines, XYZ frames; gzip
 * allowed) and holds them in memory, which suits inputs up to a few million records; the executors parse them
 * with CDK, load the force field once per JVM, and run the task. The results stay on the executors until all
 * partitions are done, then stream to the driver one partition at a time and are written to {@code -o} (a local
 * file of the driver, complete or absent like the CLI's), failures to {@code <output>.errors.tsv}. A bad record
 * never stops the job. Spark itself is not in {@code cdk-nnp.jar}: run it with {@code spark-submit}. Exit codes as
 * the CLI's: 0 all records done, 1 some failed, 2 usage error, 3 nothing done.
 */
@Command(name = "cdk-nnp-spark", mixinStandardHelpOptions = true, version = "cdk-nnp 0.1.0",
        description = {"Runs a task on every input record on a Spark cluster (or local[N]) and writes one SDF in input "
                + "order, failures to <output>.errors.tsv (index, source, title, error).",
            "Run it with spark-submit --class io.github.cdknnp.spark.SparkBatchJob cdk-nnp.jar."})
public final class SparkBatchJob implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Input files on the driver: SDF/MOL, SMILES (.smi), XYZ, optionally .gz.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Output SDF on the driver (.sdf or .sdf.gz), records in input order.")
    Path output;

    @Mixin
    TaskOptions task;

    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "NNP model file at the same path on every executor, or the name of a model inside the jar. Default: the default model inside the jar.")
    String model;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu",
            description = "Backend on the executors: cpu, reference, opencl[:platform:device] or auto. Default: ${DEFAULT-VALUE} "
                    + "(one thread per task; opencl on PoCL, which auto may pick, uses every core and oversubscribes them).")
    String backend;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Number of partitions. Default: 4 per core of the cluster (spark.default.parallelism), at most one per record.")
    int partitions;

    private final JavaSparkContext given;

    private SparkBatchJob(JavaSparkContext given) {
        this.given = given;
    }

    /** Entry point for {@code spark-submit}: the Spark configuration (master, memory) comes from it. */
    public static void main(String[] args) {
        System.exit(run(null, args));
    }

    /**
     * Runs the job and returns its exit code.
     *
     * @param spark a running Spark context, left running; or null to start one from the Spark configuration
     *              ({@code spark-submit} options or {@code spark.*} system properties) and stop it at the end
     */
    public static int run(JavaSparkContext spark, String... args) {
        return Main.execute(new SparkBatchJob(spark), args);
    }

    @Override
    public Integer call() {
        MoleculeTask t = task.create();
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".sdf") && !name.endsWith(".sdf.gz")) {
            throw new IllegalArgumentException("the Spark job writes SDF: use an output ending in .sdf or .sdf.gz, got " + output);
        }
        List<RecordText> records = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(inputs)) {
            reader.texts().forEachRemaining(records::add);
        }
        if (given != null) {
            return run(given, t, records);
        }
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("cdk-nnp"))) {
            return run(spark, t, records);
        }
    }

    private int run(JavaSparkContext spark, MoleculeTask t, List<RecordText> records) {
        int slices = Math.max(1, Math.min(records.size(), partitions > 0 ? partitions : 4 * spark.defaultParallelism()));
        Console.info(String.format("cdk-nnp spark: %d records in %d partitions, task %s, backend %s", records.size(), slices,
                task.name(), backend));
        ForceFieldSource forceField = new ForceFieldSource(model == null || !Files.exists(Path.of(model)) ? model : Path.of(model).toAbsolutePath().toString(), backend);
        JavaRDD<RecordOutcome> outcomes = spark.parallelize(records, slices)
                .mapPartitions(new PartitionRunner(t, forceField))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            outcomes.count(); // every partition in parallel; afterwards the driver reads them back in input order
            RunSummary summary = new RunSummary();
            try (MoleculeWriter out = MoleculeWriter.open(output); FailureLog log = FailureLog.beside(output)) {
                outcomes.toLocalIterator().forEachRemaining(o -> {
                    if (o.failed()) {
                        summary.addFailed();
                        log.add(o.index(), o.source(), o.title(), o.error());
                    } else {
                        out.writeSdfText(o.sdRecords());
                        summary.addOk();
                    }
                });
                return summary.report(log.file());
            }
        } finally {
            outcomes.unpersist(false);
        }
    }
}
