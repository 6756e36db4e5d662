package io.github.cdknnp.cli;

import io.github.cdknnp.ff.Elements;
import io.github.cdknnp.ff.cdk.CdkStructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Times the GFN2-xTB binary's energy+gradient on a structure: the peer the NNP's speed is reported against. */
final class XtbTimer {
    private XtbTimer() {
    }

    /** Mean wall seconds per {@code xtb --grad} call (1 thread, 3 calls), or NaN when xtb is not on the PATH. */
    static double secondsPerGradient(CdkStructure s) throws InterruptedException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cdk-nnp-xtb");
            StringBuilder xyz = new StringBuilder().append(s.system().size()).append("\nbench\n");
            double[] x = s.positions();
            for (int i = 0; i < s.system().size(); i++) {
                xyz.append(String.format(Locale.ROOT, "%s %.6f %.6f %.6f%n", Elements.symbol(s.system().atomicNumber(i)),
                        x[3 * i], x[3 * i + 1], x[3 * i + 2]));
            }
            Files.writeString(dir.resolve("in.xyz"), xyz.toString());
            int calls = 3;
            long t0 = 0;
            for (int k = 0; k <= calls; k++) {
                if (k == 1) {
                    t0 = System.nanoTime();
                }
                ProcessBuilder pb = new ProcessBuilder("xtb", "in.xyz", "--gfn", "2", "--grad", "--chrg",
                        Integer.toString(s.system().totalCharge())).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("xtb.out").toFile());
                pb.environment().put("OMP_NUM_THREADS", "1");
                pb.environment().put("OPENBLAS_NUM_THREADS", "1");
                if (pb.start().waitFor() != 0) {
                    return Double.NaN;
                }
            }
            return (System.nanoTime() - t0) / 1e9 / calls;
        } catch (IOException e) {
            return Double.NaN;
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary directory loses nothing
                }
            }
        }
    }
}
