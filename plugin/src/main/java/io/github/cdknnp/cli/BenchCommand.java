package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.api.GeometryCheck;
import io.github.cdknnp.conformers.BondLengthDeviation;
import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.backend.Backend;
import io.github.cdknnp.ff.backend.Backends;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.md.LangevinBaoab;
import io.github.cdknnp.md.MdResult;
import io.github.cdknnp.molecules.TestMolecules;
import io.github.cdknnp.opt.Bfgs;
import io.github.cdknnp.opt.Fire;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.opt.Optimizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdk-nnp bench}: optimizer steps-to-converge on a molecule set and energy+force / MD throughput per
 * backend, with GFN2-xTB (when the {@code xtb} binary is on the PATH) timed in the same run as the peer, and
 * the score network's time per call ({@link ScoreNetBench}).
 * Prints a Markdown report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: optimizer steps-to-converge and evaluation/MD speed per backend, as a Markdown report.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, arity = "1..*", paramLabel = "FILE",
            description = "Molecules to optimize (default: the project's drug test set, 3D from CDK ModelBuilder3D).")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the embedded model).")
    Path model;

    @Option(names = "--limit", defaultValue = "10", description = "Molecules to use for the optimizer benchmark. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--md-steps", defaultValue = "200", description = "MD steps timed per backend. Default: ${DEFAULT-VALUE}.")
    int mdSteps;

    @Option(names = "--sections", split = ",", defaultValue = "optimizers,geometry,speed,scaling,scorenet",
            description = "Sections to run: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    List<Section> sections;

    enum Section { optimizers, geometry, speed, scaling, scorenet }

    @Option(names = "--backends", split = ",", paramLabel = "SELECTOR",
            description = "Backends timed in the speed and scaling sections, as selectors (e.g. reference,opencl:hostlist,"
                    + "opencl:devicelist). Default: every backend.")
    List<String> backends;

    @Option(names = "--pytorch-script", paramLabel = "FILE", defaultValue = "resources/training/time_pytorch.py",
            description = "Script timing the same model in PyTorch (peer). Default: ${DEFAULT-VALUE}.")
    Path pytorchScript;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report to this Markdown file.")
    Path report;

    private final StringBuilder out = new StringBuilder();

    @Override
    public Integer call() throws Exception {
        PainnParameters parameters = model == null ? NnpForceField.load("reference").parameters()
                : NnpForceField.load(model, "reference").parameters();
        line("# cdk-nnp benchmark");
        line("");
        line("- date: " + Instant.now());
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", "
                + ManagementFactory.getRuntimeMXBean().getVmName() + " " + System.getProperty("java.version"));
        line("- model: " + parameters.name() + " (F=" + parameters.features() + ", T=" + parameters.blocks()
                + ", K=" + parameters.rbfCount() + ", cutoff " + parameters.cutoff() + " Å)");
        List<IAtomContainer> molecules = molecules();
        if (sections.contains(Section.optimizers)) {
            optimizerTable(new NnpForceField(parameters, "auto"), molecules);
        }
        if (sections.contains(Section.geometry)) {
            geometryTable(new NnpForceField(parameters, "auto"));
        }
        Path modelFile = model;
        if (modelFile == null) {
            modelFile = Files.createTempFile("cdk-nnp-model", ".h5");
            modelFile.toFile().deleteOnExit();
            try (var in = NnpForceField.class.getResourceAsStream(NnpForceField.DEFAULT_MODEL)) {
                Files.copy(in, modelFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (sections.contains(Section.speed)) {
            speedTable(parameters, molecules, modelFile);
        }
        if (sections.contains(Section.scaling)) {
            scalingTable(parameters, molecules);
        }
        if (sections.contains(Section.scorenet)) {
            ScoreNetBench.run(molecules, this::line);
        }
        Main.results().print(out);
        if (report != null) {
            Files.writeString(report, out.toString());
        }
        return 0;
    }

    private List<IAtomContainer> molecules() throws IOException {
        List<Path> files = inputs;
        if (files == null) {
            Path smi = Files.createTempFile("cdk-nnp-bench", ".smi");
            smi.toFile().deleteOnExit();
            StringBuilder sb = new StringBuilder();
            TestMolecules.drugs().forEach(e -> sb.append(e.smiles()).append(' ').append(e.name()).append('\n'));
            Files.writeString(smi, sb.toString());
            files = List.of(smi);
        }
        List<IAtomContainer> list = new ArrayList<>();
        try (MoleculeReader reader = MoleculeReader.open(files)) {
            for (MoleculeRecord r : reader) {
                if (list.size() >= limit) {
                    break;
                }
                if (r.ok()) {
                    try {
                        CdkStructure.of(r.molecule(), CdkStructure.Options.COMPLETE);
                        list.add(r.molecule());
                    } catch (RuntimeException e) {
                        Console.warn("skipping " + r.title() + ": " + e.getMessage());
                    }
                }
            }
        }
        return list;
    }

    private void optimizerTable(ForceField ff, List<IAtomContainer> molecules) throws CloneNotSupportedException {
        line("");
        line("## Optimizers: steps to converge (fmax 0.05 eV/Å, from CDK ModelBuilder3D starts, step limit 2000)");
        line("");
        line("| molecule | atoms | L-BFGS steps | FIRE steps | BFGS steps | L-BFGS s |");
        line("|---|---|---|---|---|---|");
        List<Supplier<Optimizer<?>>> optimizers = List.of(() -> Lbfgs.on(ff), () -> Fire.on(ff), () -> Bfgs.on(ff));
        int[] converged = new int[3];
        long[] totalSteps = new long[3];
        for (IAtomContainer mol : molecules) {
            String[] cells = new String[3];
            double lbfgsSeconds = 0;
            for (int k = 0; k < 3; k++) {
                IAtomContainer copy = mol.clone();
                long t0 = System.nanoTime();
                OptimizationResult r = optimizers.get(k).get().maxSteps(2000).minimize(copy, 0.05);
                if (k == 0) {
                    lbfgsSeconds = (System.nanoTime() - t0) / 1e9;
                }
                cells[k] = r.converged() ? Integer.toString(r.steps()) : "not converged (" + r.steps() + ")";
                converged[k] += r.converged() ? 1 : 0;
                totalSteps[k] += r.steps();
            }
            line(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.2f |", mol.getTitle(), mol.getAtomCount(),
                    cells[0], cells[1], cells[2], lbfgsSeconds));
        }
        line(String.format(Locale.ROOT, "| **converged / mean steps** | | %d/%d, %.0f | %d/%d, %.0f | %d/%d, %.0f | |",
                converged[0], molecules.size(), (double) totalSteps[0] / molecules.size(),
                converged[1], molecules.size(), (double) totalSteps[1] / molecules.size(),
                converged[2], molecules.size(), (double) totalSteps[2] / molecules.size()));
    }

    /** NNP-optimized CDK ModelBuilder3D starts against the GFN2-xTB-optimized geometries of the drug test set. */
    private void geometryTable(ForceField ff) {
        line("");
        line("## Geometry: CDK ModelBuilder3D start → L-BFGS (fmax 0.05 eV/Å) vs GFN2-xTB-optimized (`--opt tight`)");
        line("");
        line("| molecule | atoms | start: bond MAE / max, Å | NNP-optimized: bond MAE / max, Å | worst bond | converged |");
        line("|---|---|---|---|---|---|");
        int count = 0;
        int within = 0;
        double sumMae = 0;
        double sumMax = 0;
        for (GeometryCheck.Row row : GeometryCheck.drugs(ff)) {
            if (row.error() != null) {
                line("| " + row.title() + " | " + row.atoms() + " | failed: " + row.error() + " | | | |");
                continue;
            }
            BondLengthDeviation before = row.start();
            BondLengthDeviation after = row.optimized();
            line(String.format(Locale.ROOT, "| %s | %d | %.3f / %.3f | %.3f / %.3f | %s | %s |", row.title(), row.atoms(),
                    before.meanAbsAngstrom(), before.maxAbsAngstrom(), after.meanAbsAngstrom(), after.maxAbsAngstrom(),
                    after.worstBond(), row.result().converged() ? "yes" : "no (" + row.result().steps() + " steps)"));
            count++;
            within += after.maxAbsAngstrom() <= 0.03 ? 1 : 0;
            sumMae += after.meanAbsAngstrom();
            sumMax += after.maxAbsAngstrom();
        }
        line(String.format(Locale.ROOT, "| **%d molecules** | | | mean MAE %.4f, mean max %.3f | every bond within 0.03 Å: %d/%d | |",
                count, sumMae / Math.max(1, count), sumMax / Math.max(1, count), within, count));
    }

    private void speedTable(PainnParameters parameters, List<IAtomContainer> molecules, Path modelFile) throws Exception {
        IAtomContainer mol = molecules.stream().max((a, b) -> Integer.compare(a.getAtomCount(), b.getAtomCount())).orElseThrow();
        IAtomContainer start = mol.clone();
        Lbfgs.on(new NnpForceField(parameters, "reference")).maxSteps(300).minimize(start, 0.05);
        CdkStructure s = CdkStructure.of(start, CdkStructure.Options.STRICT);
        double xtbMs = PeerTimers.xtbMs(s.system(), s.positions());
        double torchMs = PeerTimers.pytorchMs(pytorchScript, modelFile, s.system(), s.positions());
        line("");
        line("## Speed per backend on " + start.getTitle() + " (" + start.getAtomCount() + " atoms), one structure per call");
        line("");
        line("| backend | E+F per evaluation, ms | vs reference | vs PyTorch (same model, float32, 1 thread) | vs GFN2-xTB | batch of 64, ms per structure | MD steps/s (Langevin, 1 fs) |");
        line("|---|---|---|---|---|---|---|");
        double referenceMs = Double.NaN;
        for (String selector : selectors()) {
            String unavailable = unavailable(selector);
            if (unavailable != null) {
                line("| " + selector + " | unavailable: " + unavailable + " | | | |");
                continue;
            }
            NnpForceField ff = new NnpForceField(parameters, selector);
            Potential p = ff.bind(s.system());
            double[] x = s.positions();
            double[] f = new double[x.length];
            for (int k = 0; k < 5; k++) {
                p.compute(x, f);
            }
            double ms = CallTimer.wallMs(() -> p.compute(x, f), 2_000_000_000L, 5);
            if (selector.equals("reference")) {
                referenceMs = ms;
            }
            IAtomContainer md = start.clone();
            long m0 = System.nanoTime();
            MdResult r = LangevinBaoab.on(ff).temperatureK(300).timestepFs(1).seed(1).run(md, mdSteps);
            double stepsPerSecond = r.steps() / ((System.nanoTime() - m0) / 1e9);
            line(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %.2f | %.1f%s |", selector, ms,
                    Double.isNaN(referenceMs) ? "" : String.format(Locale.ROOT, "%.2f×", referenceMs / ms),
                    ratio(torchMs, ms, "PyTorch not available"), ratio(xtbMs, ms, "xtb not found"),
                    batchedMs(ff, s, 64), stepsPerSecond, r.completed() ? "" : " (" + r.reason() + ")"));
        }
        if (!Double.isNaN(torchMs)) {
            line(String.format(Locale.ROOT, "| PyTorch (time_pytorch.py) | %.2f | | 1× | | | |", torchMs));
        }
        if (!Double.isNaN(xtbMs)) {
            line(String.format(Locale.ROOT, "| GFN2-xTB (xtb binary, 1 thread, process per call) | %.2f | | | 1× | | |", xtbMs));
        }
    }

    /** Milliseconds per structure when {@code copies} copies of a molecule are evaluated in one batched call. */
    private static double batchedMs(ForceField ff, CdkStructure s, int copies) {
        BatchPotential batch = ff.bindBatch(java.util.Collections.nCopies(copies, s.system()));
        double[][] x = new double[copies][];
        double[][] f = new double[copies][];
        for (int k = 0; k < copies; k++) {
            x[k] = s.positions();
            f[k] = new double[x[k].length];
        }
        double[] e = new double[copies];
        batch.compute(x, f, e, null);
        return CallTimer.wallMs(() -> batch.compute(x, f, e, null), 2_000_000_000L, 2) / copies;
    }

    private static String ratio(double peerMs, double ms, String missing) {
        return Double.isNaN(peerMs) ? missing : String.format(Locale.ROOT, "%.1f×", peerMs / ms);
    }

    /** Cost against system size: copies of a molecule on a grid at contact distance, 20 to ~2,000 atoms. */
    private void scalingTable(PainnParameters parameters, List<IAtomContainer> molecules) throws Exception {
        IAtomContainer mol = molecules.get(0).clone();
        Lbfgs.on(new NnpForceField(parameters, "reference")).maxSteps(300).minimize(mol, 0.05);
        CdkStructure s = CdkStructure.of(mol, CdkStructure.Options.STRICT);
        double[] x = s.positions();
        double extent = 0;
        for (int d = 0; d < 3; d++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (int i = d; i < x.length; i += 3) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            extent = Math.max(extent, hi - lo);
        }
        double spacing = extent + 2.5;
        int[] copies = {1, 2, 4, 8, 16, 32, 64, 100};
        line("");
        line("## Scaling: E+F time against atom count (copies of " + mol.getTitle() + " on a grid, " + String.format(Locale.ROOT, "%.1f", spacing) + " Å apart)");
        line("");
        StringBuilder header = new StringBuilder("| backend |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int c : copies) {
            header.append(' ').append(c * mol.getAtomCount()).append(" atoms, ms |");
            rule.append("---|");
        }
        line(header.append(" fitted exponent |").toString());
        line(rule.append("---|").toString());
        for (String selector : selectors()) {
            if (unavailable(selector) != null) {
                continue;
            }
            NnpForceField ff = new NnpForceField(parameters, selector);
            StringBuilder row = new StringBuilder("| " + selector + " |");
            double[] logN = new double[copies.length];
            double[] logT = new double[copies.length];
            for (int k = 0; k < copies.length; k++) {
                int side = (int) Math.ceil(Math.cbrt(copies[k]));
                int n = copies[k] * mol.getAtomCount();
                int[] z = new int[n];
                double[] big = new double[3 * n];
                for (int c = 0; c < copies[k]; c++) {
                    double[] shift = {spacing * (c % side), spacing * ((c / side) % side), spacing * (c / (side * side))};
                    for (int i = 0; i < mol.getAtomCount(); i++) {
                        z[c * mol.getAtomCount() + i] = s.system().atomicNumber(i);
                        for (int d = 0; d < 3; d++) {
                            big[3 * (c * mol.getAtomCount() + i) + d] = x[3 * i + d] + shift[d];
                        }
                    }
                }
                Potential p = ff.bind(new AtomicSystem(z, 0));
                double[] f = new double[big.length];
                p.compute(big, f);
                double ms = CallTimer.wallMs(() -> p.compute(big, f), 1_000_000_000L, 2);
                row.append(String.format(Locale.ROOT, " %.2f |", ms));
                logN[k] = Math.log(n);
                logT[k] = Math.log(ms);
            }
            line(row.append(String.format(Locale.ROOT, " %.2f |", slope(logN, logT))).toString());
        }
    }

    /** The backend selectors to time: {@code --backends}, else every backend's name. */
    private List<String> selectors() {
        return backends != null ? backends : Backends.all().stream().map(Backend::name).toList();
    }

    /** Why a selector cannot run here, or null when it can. */
    private static String unavailable(String selector) {
        try {
            Backends.select(selector);
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int k = 0; k < x.length; k++) {
            mx += x[k] / x.length;
            my += y[k] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < x.length; k++) {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
        }
        return sxy / sxx;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
