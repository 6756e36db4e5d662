package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.NeighborList;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.backend.ReferenceBackend;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (not a test): energy+force evaluations per second of the OpenCL backend versus the reference
 * backend, by model size, atom count and batch size (results in docs/opencl.md). Run after
 * {@code mvn -q -pl forcefield-bridge/backend-opencl -am install -DskipTests} and
 * {@code mvn -q -pl forcefield-bridge/backend-opencl dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}:
 * <pre>
 * java -cp forcefield-bridge/backend-opencl/target/classes:forcefield-bridge/backend-opencl/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.cdknnp.ff.backend.opencl.OpenClBench [seconds-per-point]
 * </pre>
 */
public final class OpenClBench {
    private OpenClBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        OpenClBackend ocl = new OpenClBackend();
        System.out.println("device: " + ocl.describe());
        PainnParameters small = TestModels.randomPainn(64, 3, 20, 5.0, 1);
        PainnParameters large = TestModels.randomPainn(128, 6, 100, 5.0, 2);
        System.out.println("model atoms batch pairs/mol GFLOP/eval backend evals/s wall-ms/eval cpu-ms/eval GFLOP/cpu-s");
        for (PainnParameters model : List.of(small, large)) {
            String name = "F" + model.features() + "/T" + model.blocks() + "/K" + model.rbfCount();
            ModelKernel cl = ocl.createPainn(model, "");
            ModelKernel ref = new ReferenceBackend().createPainn(model, "");
            boolean isSmall = model == small;
            for (int atoms : isSmall ? new int[]{20, 40, 80} : new int[]{20, 40}) {
                for (int batch : isSmall ? new int[]{1, 8, 64} : new int[]{1, 8}) {
                    List<int[]> mols = new ArrayList<>();
                    double[][] x = new double[batch][];
                    for (int m = 0; m < batch; m++) {
                        mols.add(elements(atoms, m));
                        x[m] = TestModels.randomGeometry(atoms, 0.95, 1000 + m);
                    }
                    double gflop = flops(model, atoms, NeighborList.build(x[0], model.cutoff()).size()) / 1e9;
                    int pairs = NeighborList.build(x[0], model.cutoff()).size();
                    report(name, atoms, batch, pairs, gflop, "opencl", rate(cl.bindBatch(mols), x, seconds));
                    if (batch == 1 && (model == small || atoms <= 40)) {
                        report(name, atoms, batch, pairs, gflop, "reference", rate(ref.bindBatch(mols), x, seconds));
                    }
                }
            }
        }
    }

    private static void report(String model, int atoms, int batch, int pairs, double gflop, String backend, double[] rate) {
        System.out.printf("%s %d %d %d %.3f %s %.2f %.1f %.1f %.2f%n", model, atoms, batch, pairs, gflop, backend, rate[0],
                1000 / rate[0], 1000 / rate[1], rate[1] * gflop);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Molecule evaluations per wall-clock second and per process CPU second (all threads, including the
     * OpenCL runtime's), after one warm-up call. The CPU figure is the one to compare on a shared machine.
     */
    private static double[] rate(BatchPotential p, double[][] x, double seconds) {
        double[][] f = new double[x.length][];
        for (int m = 0; m < x.length; m++) {
            f[m] = new double[x[m].length];
        }
        double[] e = new double[x.length];
        p.compute(x, f, e, null);
        long start = System.nanoTime();
        long cpu = cpuNanos();
        int calls = 0;
        while (System.nanoTime() - start < seconds * 1e9 || calls < 2) {
            p.compute(x, f, e, null);
            calls++;
        }
        double evals = calls * (double) x.length;
        return new double[]{evals / ((System.nanoTime() - start) / 1e9), evals / ((cpuNanos() - cpu) / 1e9)};
    }

    /**
     * Floating-point operations (multiply and add counted separately) of one energy+force evaluation, dense
     * layers and pair terms only: per block 60 N F² (forward and backward of the five atom-wise layers) +
     * 18 P K F (filter forward, recomputed, and transposed) + about 100 P F (messages and their gradients).
     */
    static double flops(PainnParameters p, int atoms, int pairs) {
        double f = p.features();
        return p.blocks() * (60.0 * atoms * f * f + 18.0 * pairs * p.rbfCount() * f + 100.0 * pairs * f);
    }

    private static int[] elements(int n, long seed) {
        Random r = new Random(seed);
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = r.nextInt(4);
        }
        return e;
    }
}
