package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.io.MoleculeReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a batch run on standard error: a bar with rate and ETA on a terminal, a plain line every
 * 30 seconds otherwise (logs, KNIME, CI).
 */
final class Progress implements AutoCloseable {
    private static final long PLAIN_INTERVAL_NANOS = 30_000_000_000L;

    private final ProgressBar bar;
    private final long total;
    private final long start = System.nanoTime();
    private long seen;
    private long lastLine = System.nanoTime();

    private Progress(String task, long total, boolean terminal) {
        this.total = total;
        this.bar = terminal && Console.showsProgress() ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).showSpeed().build() : null;
        Console.barShown(bar != null);
    }

    /** A progress display for the records of the inputs, counted up front by a quick scan. */
    static Progress of(String task, List<Path> inputs) {
        return new Progress(task, countRecords(inputs), System.console() != null);
    }

    /** A progress display of an MD run's integration steps. */
    static Progress ofSteps(String task, long steps) {
        return new Progress(task, steps, System.console() != null);
    }

    /** An MD run has reached step {@code step}. */
    synchronized void stepTo(long step) {
        seen = step;
        if (bar != null) {
            bar.stepTo(step);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= PLAIN_INTERVAL_NANOS || seen == total) {
            lastLine = now;
            double rate = seen / ((now - start) / 1e9);
            Console.info(String.format(Locale.ROOT, "progress: %d/%d steps, %.1f steps/s, ETA %s", seen, total, rate,
                    rate > 0 ? eta((total - seen) / rate) : "unknown"));
        }
    }

    /** One more record finished (done or failed). */
    synchronized void step(long ok, long failed) {
        seen++;
        if (bar != null) {
            bar.stepTo(seen);
            bar.setExtraMessage(failed > 0 ? failed + " failed" : "");
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= PLAIN_INTERVAL_NANOS || seen == total) {
            lastLine = now;
            double rate = seen / ((now - start) / 1e9);
            Console.info(String.format(Locale.ROOT, "progress: %d/%d records (%d done, %d failed), %.2f records/s, ETA %s",
                    seen, total, ok, failed, rate, rate > 0 ? eta((total - seen) / rate) : "unknown"));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            Console.barShown(false);
        }
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Counts records without parsing molecules: SD terminators, SMILES lines, XYZ frames. */
    static long countRecords(List<Path> inputs) {
        long n = 0;
        for (Path p : inputs) {
            MoleculeReader.Format format = MoleculeReader.format(p);
            try (BufferedReader in = open(p)) {
                n += switch (format) {
                    case SDF -> in.lines().filter(l -> l.startsWith("$$$$")).count();
                    case SMILES -> in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
                    case XYZ -> countXyzFrames(in);
                    case CSV, TSV -> Math.max(0, in.lines().filter(l -> !l.isBlank()).count() - 1);
                };
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return n;
    }

    private static long countXyzFrames(BufferedReader in) throws IOException {
        long frames = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            int atoms = Integer.parseInt(line.strip());
            for (int k = 0; k <= atoms; k++) {
                in.readLine();
            }
            frames++;
        }
        return frames;
    }

    private static BufferedReader open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
