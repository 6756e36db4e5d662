package io.github.cdknnp.ff.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.backend.cpu.CpuBackend;
import io.github.cdknnp.ff.model.PainnParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test: throughput of energy + forces, cpu vs reference, at the default architecture (F=64, T=3,
 * K=20, cutoff 5 Å, random weights) on random molecule-like geometries (10 Å³ per atom, atoms ≥ 0.9 Å apart).
 * Run with
 * {@code mvn -o -q test -pl forcefield-bridge/backend-cpu -am -Dtest=CpuBackendBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dcdknnp.bench=true};
 * figures go to stdout and {@code forcefield-bridge/backend-cpu/target/cpu-benchmark.txt}.
 */
class CpuBackendBenchmark {
    /** Rates are per second of this thread's CPU time: the shared machine is often oversubscribed. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final PainnParameters MODEL = TestModels.randomPainn(64, 3, 20, 5.0, 1);
    private final StringBuilder report = new StringBuilder();

    @Test
    void benchmark() throws IOException {
        assumeTrue(Boolean.getBoolean("cdknnp.bench"), "benchmark runs only with -Dcdknnp.bench=true");
        ModelKernel cpu = new CpuBackend().createPainn(MODEL, "");
        ModelKernel reference = new ReferenceBackend().createPainn(MODEL, "");
        line("threads: OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", " + new CpuBackend().describe());
        line("");
        line("single molecules, E+F evaluations per CPU-second (mean pairs per atom in brackets)");
        line("| atoms | reference | cpu | speed-up |");
        line("|---|---|---|---|");
        for (int n : new int[]{20, 45, 70}) {
            int[] el = CpuBackendTest.randomElements(n, n);
            double[] x = TestModels.randomGeometry(n, 0.9, n);
            double r = rate(reference.bind(el), x, 1.5);
            double c = rate(cpu.bind(el), x, 1.5);
            line(String.format("| %d (%.1f) | %.0f | %.0f | %.1f× |", n, pairsPerAtom(x), r, c, c / r));
        }
        line("");
        line("64 molecules of 20–70 atoms, structures (E+F) per CPU-second");
        List<int[]> molecules = new ArrayList<>();
        double[][] xs = new double[64][];
        double[][] fs = new double[64][];
        Random random = new Random(9);
        int atoms = 0;
        for (int m = 0; m < 64; m++) {
            int n = 20 + random.nextInt(51);
            molecules.add(CpuBackendTest.randomElements(n, 1000 + m));
            xs[m] = TestModels.randomGeometry(n, 0.9, 2000 + m);
            fs[m] = new double[3 * n];
            atoms += n;
        }
        BatchPotential refSeqP = BatchPotential.sequential(molecules.stream().map(reference::bind).toList());
        BatchPotential cpuSeqP = BatchPotential.sequential(molecules.stream().map(cpu::bind).toList());
        BatchPotential cpuBatchP = cpu.bindBatch(molecules);
        double refSeq = 0;
        double cpuSeq = 0;
        double cpuBatch = 0;
        for (int round = 0; round < 2; round++) { // interleaved, best of two: the load on a shared machine drifts
            refSeq = Math.max(refSeq, batchRate(refSeqP, xs, fs, 3));
            cpuSeq = Math.max(cpuSeq, batchRate(cpuSeqP, xs, fs, 3));
            cpuBatch = Math.max(cpuBatch, batchRate(cpuBatchP, xs, fs, 3));
        }
        line("| mode | structures/s | vs reference |");
        line("|---|---|---|");
        line(String.format("| reference, one by one | %.0f | 1.0× |", refSeq));
        line(String.format("| cpu, one by one | %.0f | %.1f× |", cpuSeq, cpuSeq / refSeq));
        line(String.format("| cpu, one batch of 64 (%d atoms) | %.0f | %.1f× |", atoms, cpuBatch, cpuBatch / refSeq));
        line("");
        line("scaling with atom count (one molecule), CPU-ms per E+F");
        line("| atoms | pairs/atom | reference ms | cpu ms |");
        line("|---|---|---|---|");
        int[] sizes = {20, 50, 100, 200, 500, 1000, 2000};
        double[] cpuMs = new double[sizes.length];
        double[] refMs = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            int[] el = CpuBackendTest.randomElements(n, 7 * n);
            double[] x = TestModels.randomGeometry(n, 0.9, 3 * n);
            cpuMs[s] = 1000 / rate(cpu.bind(el), x, 2);
            refMs[s] = n <= 500 ? 1000 / rate(reference.bind(el), x, 2) : Double.NaN;
            line(String.format("| %d | %.1f | %s | %.2f |", n, pairsPerAtom(x),
                    Double.isNaN(refMs[s]) ? "–" : String.format("%.2f", refMs[s]), cpuMs[s]));
        }
        line(String.format("fitted exponent t ∝ N^a: cpu a = %.2f (20–2000 atoms), a = %.2f (200–2000); reference a = %.2f (20–500)",
                slope(sizes, cpuMs, 0, sizes.length), slope(sizes, cpuMs, 3, sizes.length), slope(sizes, refMs, 0, 5)));
        Files.writeString(Path.of("target", "cpu-benchmark.txt"), report);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    /** Evaluations per second after a warm-up, timed for about {@code seconds}. */
    private static double rate(Potential p, double[] x, double seconds) {
        double[] f = new double[x.length];
        long warm = System.nanoTime();
        int w = 0;
        while (System.nanoTime() - warm < 0.5e9 || w < 3) {
            p.compute(x, f);
            w++;
        }
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        int count = 0;
        while (System.nanoTime() - start < seconds * 1e9 || count < 3) {
            p.compute(x, f);
            count++;
        }
        return count / ((CPU.getCurrentThreadCpuTime() - cpu) * 1e-9);
    }

    private static double batchRate(BatchPotential b, double[][] xs, double[][] fs, double seconds) {
        double[] e = new double[xs.length];
        b.compute(xs, fs, e, null);
        b.compute(xs, fs, e, null);
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        int count = 0;
        while (System.nanoTime() - start < seconds * 1e9 || count < 3) {
            b.compute(xs, fs, e, null);
            count++;
        }
        return count * xs.length / ((CPU.getCurrentThreadCpuTime() - cpu) * 1e-9);
    }

    private static double pairsPerAtom(double[] x) {
        return 2.0 * io.github.cdknnp.ff.NeighborList.build(x, MODEL.cutoff()).size() / (x.length / 3);
    }

    /** Least-squares slope of log t against log N over sizes[from..to). */
    private static double slope(int[] sizes, double[] t, int from, int to) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int k = from; k < to; k++) {
            if (Double.isNaN(t[k])) {
                continue;
            }
            double lx = Math.log(sizes[k]);
            double ly = Math.log(t[k]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
            m++;
        }
        return (m * sxy - sx * sy) / (m * sxx - sx * sx);
    }
}
