package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.molecules.TestMolecules;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * Benchmark (not a test): energy+force time per evaluation with the neighbour list built on the host versus
 * on the device, default model, GFN2-xTB geometries of the drug set: ibuprofen alone, 64 perturbed copies of
 * it, and 64 drugs of 16–57 atoms in one ragged batch (results in docs/opencl.md). Rounds alternate the two
 * variants so that both see the same machine load; medians of wall and process CPU time per evaluation.
 * Run after {@code mvn -q -pl forcefield-bridge/backend-opencl -am install -DskipTests} and
 * {@code mvn -q -pl forcefield-bridge/backend-opencl dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}:
 * <pre>
 * java -cp forcefield-bridge/backend-opencl/target/classes:forcefield-bridge/backend-opencl/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.github.cdknnp.ff.backend.opencl.NeighborListBench [seconds-per-point] [rounds]
 * </pre>
 */
public final class NeighborListBench {
    private static final String[] VARIANTS = {"opencl:hostlist", "opencl:devicelist"};

    private NeighborListBench() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        PainnParameters model = NnpForceField.load("reference").parameters();
        Map<String, CdkStructure> byName = drugs();
        List<CdkStructure> drugs = new ArrayList<>(byName.values());
        CdkStructure ibuprofen = byName.get("ibuprofen");
        List<CdkStructure> copies = new ArrayList<>();
        List<CdkStructure> mixed = new ArrayList<>();
        for (int m = 0; m < 64; m++) {
            copies.add(ibuprofen);
            mixed.add(drugs.get(m % drugs.size()));
        }
        String[] cases = {"ibuprofen (33 atoms), 1 per call", "64 × ibuprofen per call", "64 drugs (16–57 atoms) per call"};
        List<List<CdkStructure>> batches = List.of(List.of(ibuprofen), copies, mixed);
        double[][][] wall = new double[cases.length][VARIANTS.length][rounds];
        double[][][] cpu = new double[cases.length][VARIANTS.length][rounds];
        BatchPotential[][] potentials = new BatchPotential[cases.length][VARIANTS.length];
        for (int v = 0; v < VARIANTS.length; v++) {
            NnpForceField ff = new NnpForceField(model, VARIANTS[v]);
            for (int c = 0; c < cases.length; c++) {
                potentials[c][v] = ff.bindBatch(batches.get(c).stream().map(CdkStructure::system).toList());
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < cases.length; c++) {
                for (int v = 0; v < VARIANTS.length; v++) {
                    double[] t = time(potentials[c][v], batches.get(c), seconds, r);
                    wall[c][v][r] = t[0];
                    cpu[c][v][r] = t[1];
                }
            }
        }
        System.out.println("| batch | neighbour list | wall ms per call (median of " + rounds + ") | CPU ms per call | "
                + "wall ms per molecule |");
        System.out.println("|---|---|---|---|---|");
        for (int c = 0; c < cases.length; c++) {
            for (int v = 0; v < VARIANTS.length; v++) {
                System.out.printf("| %s | %s | %.2f | %.2f | %.3f |%n", cases[c], VARIANTS[v], median(wall[c][v]),
                        median(cpu[c][v]), median(wall[c][v]) / batches.get(c).size());
            }
        }
        System.out.println();
        System.out.println("| batch | neighbour list step alone (build, upload, finish), µs: host | device |");
        System.out.println("|---|---|---|");
        ClDevice device = ClDevice.open(0, 0);
        Kernels kernels = device.kernels(Precision.MIXED, 8);
        Workspace ws = new Workspace(device, Long.MAX_VALUE);
        DeviceNeighborList list = new DeviceNeighborList(kernels, ws, model.cutoff());
        for (int c = 0; c < cases.length; c++) {
            double[][] x = batches.get(c).stream().map(CdkStructure::positions).toArray(double[][]::new);
            int[][] z = batches.get(c).stream().map(s -> new int[s.positions().length / 3]).toArray(int[][]::new);
            RaggedBatch batch = new RaggedBatch(z, x, 0, x.length);
            int capacity = new BatchGraph(batch, model.cutoff()).pairs;
            double[][] micros = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                micros[0][r] = micros(device, seconds, () -> new BatchGraph(batch, model.cutoff()).upload(ws, false));
                micros[1][r] = micros(device, seconds, () -> list.build(batch, capacity, false));
            }
            System.out.printf("| %s | %.0f | %.0f |%n", cases[c], median(micros[0]), median(micros[1]));
        }
    }

    /** Microseconds per run of a step followed by a wait for the device queue. */
    private static double micros(ClDevice device, double seconds, Runnable step) {
        int calls = 0;
        long t0 = System.nanoTime();
        synchronized (device) {
            while (System.nanoTime() - t0 < seconds * 1e9 || calls < 3) {
                step.run();
                device.queue.finish();
                calls++;
            }
        }
        return (System.nanoTime() - t0) / 1e3 / calls;
    }

    /** Wall and process CPU milliseconds per call, over at least {@code seconds} of positions moved by ~0.01 Å. */
    private static double[] time(BatchPotential p, List<CdkStructure> batch, double seconds, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[batch.size()][];
        double[][] f = new double[batch.size()][];
        for (int m = 0; m < x.length; m++) {
            x[m] = batch.get(m).positions();
            for (int k = 0; k < x[m].length; k++) {
                x[m][k] += 0.01 * random.nextGaussian();
            }
            f[m] = new double[x[m].length];
        }
        double[] e = new double[x.length];
        p.compute(x, f, e, null);
        int calls = 0;
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1e9 || calls < 3) {
            p.compute(x, f, e, null);
            calls++;
        }
        return new double[]{(System.nanoTime() - t0) / 1e6 / calls, (cpuNanos() - cpu0) / 1e6 / calls};
    }

    private static Map<String, CdkStructure> drugs() throws IOException {
        Map<String, CdkStructure> out = new LinkedHashMap<>();
        try (IteratingSDFReader reader = new IteratingSDFReader(new InputStreamReader(
                TestMolecules.class.getResourceAsStream("drugs-gfn2-opt.sdf"), StandardCharsets.UTF_8),
                SilentChemObjectBuilder.getInstance())) {
            while (reader.hasNext()) {
                IAtomContainer molecule = reader.next();
                out.put(molecule.getTitle(), CdkStructure.of(molecule, CdkStructure.Options.STRICT));
            }
        }
        return out;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
