package io.github.cdknnp.cli;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Elements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times the peers the NNP's speed is reported against, as external processes in the same run: the GFN2-xTB
 * binary ({@code xtb --grad}, one thread, a process per call) and the same model in PyTorch
 * ({@code resources/training/time_pytorch.py}, float32, one thread).
 */
final class PeerTimers {
    private PeerTimers() {
    }

    /** Mean wall milliseconds per {@code xtb --grad} call (3 calls after one warm-up), or NaN when xtb is not on the PATH. */
    static double xtbMs(AtomicSystem system, double[] x) throws InterruptedException {
        return inTempDir(system, x, dir -> {
            int calls = 3;
            long t0 = 0;
            for (int k = 0; k <= calls; k++) {
                if (k == 1) {
                    t0 = System.nanoTime();
                }
                if (run(dir, "xtb", "in.xyz", "--gfn", "2", "--grad", "--chrg", Integer.toString(system.totalCharge())) == null) {
                    return Double.NaN;
                }
            }
            return (System.nanoTime() - t0) / 1e6 / calls;
        });
    }

    /** Milliseconds per E+F evaluation of the model in PyTorch, or NaN when Python, torch or the script is missing. */
    static double pytorchMs(Path script, Path model, AtomicSystem system, double[] x) throws InterruptedException {
        if (script == null || !Files.isRegularFile(script)) {
            return Double.NaN;
        }
        return inTempDir(system, x, dir -> {
            String out = run(dir, "/usr/bin/python3", script.toAbsolutePath().toString(), model.toAbsolutePath().toString(),
                    "in.xyz", "--threads", "1");
            if (out == null) {
                return Double.NaN;
            }
            return out.lines().filter(l -> l.startsWith("ms_per_eval ")).mapToDouble(l -> Double.parseDouble(l.substring(12)))
                    .findFirst().orElse(Double.NaN);
        });
    }

    private interface Timing {
        double measure(Path dir) throws IOException, InterruptedException;
    }

    private static double inTempDir(AtomicSystem system, double[] x, Timing timing) throws InterruptedException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cdk-nnp-peer");
            StringBuilder xyz = new StringBuilder().append(system.size()).append("\nbench\n");
            for (int i = 0; i < system.size(); i++) {
                xyz.append(String.format(Locale.ROOT, "%s %.6f %.6f %.6f%n", Elements.symbol(system.atomicNumber(i)),
                        x[3 * i], x[3 * i + 1], x[3 * i + 2]));
            }
            Files.writeString(dir.resolve("in.xyz"), xyz.toString());
            return timing.measure(dir);
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

    /** Runs a command single-threaded in {@code dir}; its output, or null when it cannot start or fails. */
    private static String run(Path dir, String... command) throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
