package io.github.cdknnp.ff.backend.opencl;

import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.TestModels;
import io.github.cdknnp.ff.model.PainnParameters;
import java.util.ArrayList;
import java.util.List;

/** Per-kernel times of a few evaluations (run with -Dcdknnp.opencl.profile=true): args F T K atoms batch calls. */
public final class OpenClProfile {
    private OpenClProfile() {
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        int f = Integer.parseInt(args[0]);
        int t = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int atoms = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        PainnParameters model = TestModels.randomPainn(f, t, k, 5.0, 1);
        List<int[]> mols = new ArrayList<>();
        double[][] x = new double[batch][];
        double[][] fr = new double[batch][];
        for (int m = 0; m < batch; m++) {
            mols.add(new int[atoms]);
            x[m] = TestModels.randomGeometry(atoms, 0.95, m);
            fr[m] = new double[3 * atoms];
        }
        BatchPotential p = new OpenClBackend().createPainn(model, "0:0").bindBatch(mols);
        double[] e = new double[batch];
        p.compute(x, fr, e, null);
        ClDevice device = ClDevice.open(0, 0);
        device.resetProfile();
        long start = System.nanoTime();
        long cpu = cpuNanos();
        for (int c = 0; c < calls; c++) {
            p.compute(x, fr, e, null);
        }
        System.out.printf("%.2f ms per call, %.2f CPU-ms per call%n", (System.nanoTime() - start) / 1e6 / calls,
                (cpuNanos() - cpu) / 1e6 / calls);
        System.out.print(device.profile());
    }
}
