package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.conformers.CoverageMetrics;
import io.github.cdknnp.conformers.SamplingSchedule;
import io.github.cdknnp.conformers.SymmetricRmsd;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.opt.OptimizationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.github.cdknnp.task.OptimizeSettings;
import io.github.cdknnp.task.SamplerOptions;
import picocli.CommandLine.Option;

/**
 * COV/MAT evaluation of conformer generation (the GEOM protocol of ConfGF): for every molecule of a reference
 * ensemble SDF (grouped by an SD property), generates twice the reference count with the ConfGF sampler
 * (refined by the NNP unless told otherwise) and scores it, and scores peer ensembles (e.g. RDKit ETKDG+MMFF
 * written by {@code resources/training/confgf/rdkit_peer.py} in the same run) on the same molecules:
 * COV-R, MAT-R, COV-P, MAT-P with symmetry-aware heavy-atom RMSD at each threshold, and CPU core-seconds per
 * conformer. The generated set is the generator's own output (at most twice the reference count, distinct at
 * {@code --rmsd}, no energy window unless {@code --window} is given), so with torsion sampling it is the lowest-energy
 * distinct conformers of all refined starts.
 */
@Command(name = "confeval", mixinStandardHelpOptions = true,
        description = "Evaluate conformer generation against reference ensembles (COV/MAT), with peers.")
final class ConfevalCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, description = "Reference ensembles, SDF (.gz), grouped by --group-by.")
    Path reference;

    @Option(names = "--peer", description = "A peer's ensembles as NAME=FILE (SDF grouped by --group-by; "
            + "SD property PEER_CPU_SECONDS = that molecule's CPU time).")
    Map<String, Path> peers = new LinkedHashMap<>();

    @Option(names = "--group-by", defaultValue = "MOL_ID", description = "SD property naming the molecule (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--factor", defaultValue = "2", description = "Conformers generated per reference conformer (default: ${DEFAULT-VALUE}).")
    int factor;

    @Option(names = "--limit", defaultValue = "0", description = "Evaluate at most this many molecules (0: all).")
    int limit;

    @Option(names = "--thresholds", split = ",", defaultValue = "0.75,1.25", description = "RMSD thresholds δ, Å (default: ${DEFAULT-VALUE}).")
    double[] thresholds;

    @Option(names = "--label", defaultValue = "cdk-nnp", description = "Name of the generated set in the report.")
    String label;

    @Option(names = "--report", description = "Append the markdown table to this file.")
    Path report;

    @Option(names = "--write", paramLabel = "FILE", description = "Also write the generated conformers (SDF, .gz allowed), grouped by --group-by.")
    Path write;

    @Option(names = "--samples-factor", defaultValue = "" + ConformerGenerator.DEFAULT_SAMPLES_PER_CONFORMER,
            description = "ConfGF samples drawn per conformer generated (default: ${DEFAULT-VALUE}).")
    double samplesFactor;

    @Option(names = "--window", defaultValue = "Infinity", paramLabel = "KCAL", description = "Energy window of the generated set, kcal/mol (default: none).")
    double window;

    @Option(names = "--rmsd", defaultValue = "0.5", paramLabel = "ANGSTROM", description = "Duplicate RMSD of the generated set, Å (default: ${DEFAULT-VALUE}, as confgen).")
    double rmsd;

    @Option(names = "--reminimize-references", description = "Also minimize every reference conformer with the NNP and "
            + "report how many lie above the lowest energy found (generated or reference) by more than 6, 10 and 15 "
            + "kcal/mol: the reference conformers an energy window of that width in the NNP's energies would discard.")
    boolean reminimizeReferences;

    @Mixin
    ForceFieldOptions forceFieldOptions;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    OptimizeSettings refinement;

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    /** Per molecule: energy of the lowest generated conformer minus the reference's lowest, kcal/mol (same NNP). */
    private final List<Double> lowestDeltas = new ArrayList<>();
    /** With --reminimize-references: each reference conformer's NNP minimum above the lowest energy found, kcal/mol. */
    private final List<Double> referenceHeights = new ArrayList<>();
    private static final double[] WINDOWS = {6, 10, 15};

    @Override
    public Integer call() {
        Map<String, List<IAtomContainer>> references = read(reference);
        if (limit > 0) {
            references.keySet().retainAll(references.keySet().stream().limit(limit).toList());
        }
        tallies.put(label, new Tally());
        Map<String, Map<String, List<IAtomContainer>>> peerSets = new LinkedHashMap<>();
        peers.forEach((name, file) -> {
            peerSets.put(name, read(file));
            tallies.put(name, new Tally());
        });
        SamplingSchedule schedule = sampler.schedule();
        String note = sampler.screeningNote(refinement);
        if (note != null) {
            Console.info(note);
        }
        ForceField ff = forceFieldOptions.load();
        ConformerGenerator base = sampler.builder(refinement, ff).prune(window, rmsd).build();
        try (MoleculeWriter out = write == null ? null : MoleculeWriter.open(write)) {
            int done = 0;
            for (Map.Entry<String, List<IAtomContainer>> entry : references.entrySet()) {
                List<IAtomContainer> refs = entry.getValue();
                SymmetricRmsd rmsd = SymmetricRmsd.of(refs.get(0));
                List<double[]> refPositions = refs.stream().map(ConfevalCommand::positions).toList();
                int count = factor * refs.size();
                ConformerGenerator generator = base.withCounts(count, Math.max(1, (int) Math.round(samplesFactor * count)));
                long cpu0 = processCpuNanos();
                ConformerGenerator.Result result;
                try {
                    result = generator.generate(refs.get(0));
                } catch (NnpException e) {
                    Console.warn(entry.getKey() + ": no conformer generated: " + e.getMessage());
                    tallies.get(label).failed((processCpuNanos() - cpu0) * 1e-9);
                    continue;
                }
                double seconds = (processCpuNanos() - cpu0) * 1e-9;
                double below = lowestBelowReference(ff, refs.get(0), refPositions, result);
                lowestDeltas.add(below);
                String heights = reminimizeReferences ? referenceHeights(ff, refs.get(0), refPositions, result) : "";
                if (out != null) {
                    for (IAtomContainer c : result.conformers()) {
                        c.setProperty(groupBy, entry.getKey());
                        out.write(c);
                    }
                }
                tallies.get(label).add(rmsd, refPositions, result.conformers().stream().map(ConfevalCommand::positions).toList(),
                        seconds, result.conformers().size());
                for (var peer : peerSets.entrySet()) {
                    List<IAtomContainer> generated = peer.getValue().get(entry.getKey());
                    if (generated == null || generated.isEmpty()) {
                        tallies.get(peer.getKey()).failed(0);
                        continue;
                    }
                    Object t = generated.get(0).getProperty("PEER_CPU_SECONDS");
                    tallies.get(peer.getKey()).add(rmsd, refPositions, generated.stream().map(ConfevalCommand::positions).toList(),
                            t == null ? Double.NaN : Double.parseDouble(t.toString().strip()), generated.size());
                }
                done++;
                Console.info(String.format(Locale.ROOT, "%d/%d %s: %d references, %d generated in %.1f core-s, %d sampled, %d mirrored, %d stereo dropped, %d broken, %d not converged, %d pruned (window or duplicate); %s; lowest %+.1f kcal/mol from the reference's lowest%s",
                        done, references.size(), entry.getKey(), refs.size(), result.conformers().size(), seconds, result.sampled(), result.mirrored(), result.stereoDropped(),
                        result.broken(), result.notConverged(), result.duplicates(), tallies.get(label).last(), below, heights));
            }
        }
        String table = table(references.size(), schedule);
        Main.results().print(table);
        if (report != null) {
            try {
                Files.writeString(report, table, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + report, e);
            }
        }
        return 0;
    }

    private String table(int molecules, SamplingSchedule s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%d molecules of %s; %s: %d levels x %d steps, sigma %.3g -> %.3g Å, eps %.3g, NNP refinement %s%n",
                molecules, reference.getFileName(), label, s.levels(), s.stepsPerLevel(), s.sigmaStart(), s.sigmaEnd(), s.stepSize(),
                refinement.maxSteps() > 0 ? "<= " + refinement.maxSteps() + " L-BFGS steps" : "none"));
        b.append(String.format(Locale.ROOT, "%.2f ConfGF samples per generated conformer, energy window %s kcal/mol, duplicate RMSD %.2f Å%n%n",
                samplesFactor, Double.isInfinite(window) ? "none" : String.format(Locale.ROOT, "%.1f", window), rmsd));
        b.append("| method | δ (Å) | COV-R mean / median (%) | MAT-R mean / median (Å) | COV-P mean / median (%) | MAT-P mean / median (Å) | core-s per conformer |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (var t : tallies.entrySet()) {
            for (int k = 0; k < thresholds.length; k++) {
                b.append(t.getValue().row(t.getKey(), k));
            }
        }
        double[] d = lowestDeltas.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        b.append(String.format(Locale.ROOT, "%nLowest %s conformer against the reference's lowest (energies of the same NNP): "
                + "more than 1 kcal/mol below for %d molecules, within 1 kcal/mol for %d, more than 1 kcal/mol above for %d; "
                + "median %+.2f kcal/mol%n", label, Arrays.stream(d).filter(x -> x < -1).count(),
                Arrays.stream(d).filter(x -> Math.abs(x) <= 1).count(), Arrays.stream(d).filter(x -> x > 1).count(), median(d)));
        if (!referenceHeights.isEmpty()) {
            double[] h = referenceHeights.stream().mapToDouble(Double::doubleValue).toArray();
            b.append(String.format(Locale.ROOT, "Reference conformers minimized with the NNP (%d): above the lowest energy "
                    + "found (generated or reference) by more than", h.length));
            for (double w : WINDOWS) {
                long out = Arrays.stream(h).filter(x -> x > w).count();
                b.append(String.format(Locale.ROOT, " %.0f kcal/mol: %d (%.1f %%);", w, out, 100.0 * out / h.length));
            }
            b.append(String.format(Locale.ROOT, " median %.2f kcal/mol%n", median(h)));
        }
        return b.toString();
    }

    /**
     * Minimizes the reference conformers with the NNP (the refinement's optimizer and fmax) and records each one's
     * height above the lowest energy found, generated or reference; returns a summary for the progress line.
     */
    private String referenceHeights(ForceField ff, IAtomContainer molecule, List<double[]> refPositions,
            ConformerGenerator.Result generated) {
        var system = CdkStructure.systemOf(molecule);
        List<OptimizationResult> minima = refinement.optimizer(ff).minimizeAll(
                ff.bindBatch(java.util.Collections.nCopies(refPositions.size(), system)), refPositions,
                refinement.fmaxEvPerA());
        double lowest = generated.lowestEnergyEv();
        for (OptimizationResult r : minima) {
            lowest = Math.min(lowest, r.energyEv());
        }
        double max = 0;
        for (OptimizationResult r : minima) {
            double h = Units.evToKcalPerMol(r.energyEv() - lowest);
            referenceHeights.add(h);
            max = Math.max(max, h);
        }
        return String.format(Locale.ROOT, "; NNP-minimized references up to %.1f kcal/mol above the lowest found", max);
    }

    /**
     * Energy of the lowest generated conformer minus that of the lowest reference conformer, kcal/mol, both by the
     * force field that refined the generated ones: negative when the generator found a deeper basin than the
     * reference, positive when it missed the reference's deepest one.
     */
    private static double lowestBelowReference(ForceField ff, IAtomContainer molecule, List<double[]> refPositions,
            ConformerGenerator.Result generated) {
        Potential potential = ff.bind(CdkStructure.systemOf(molecule));
        double reference = refPositions.stream().mapToDouble(potential::energy).min().orElseThrow();
        return Units.evToKcalPerMol(generated.lowestEnergyEv() - reference);
    }

    private Map<String, List<IAtomContainer>> read(Path file) {
        Map<String, List<IAtomContainer>> groups = new LinkedHashMap<>();
        try (MoleculeReader reader = MoleculeReader.open(List.of(file))) {
            for (MoleculeRecord r : reader) {
                if (r.ok()) {
                    Object key = r.molecule().getProperty(groupBy);
                    groups.computeIfAbsent(key == null ? r.title() : key.toString().strip(), k -> new ArrayList<>()).add(r.molecule());
                }
            }
        }
        return groups;
    }

    /** Coordinates only: COV/MAT needs no valid chemistry (a peer's raw embedding may have overlapping atoms). */
    private static double[] positions(IAtomContainer molecule) {
        if (!org.openscience.cdk.geometry.GeometryUtil.has3DCoordinates(molecule)) {
            throw new NnpException("conformer of " + molecule.getTitle() + " has no 3D coordinates");
        }
        return CdkStructure.positionsOf(molecule);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Per-molecule metrics of one method. */
    private final class Tally {
        final List<CoverageMetrics[]> metrics = new ArrayList<>();
        double seconds;
        int conformers;
        int missing;

        /** A molecule the method produced nothing for: 0 % coverage, no MAT. */
        void failed(double cpuSeconds) {
            CoverageMetrics[] m = new CoverageMetrics[thresholds.length];
            Arrays.fill(m, new CoverageMetrics(0, Double.NaN, 0, Double.NaN));
            metrics.add(m);
            seconds += cpuSeconds;
            missing++;
        }

        void add(SymmetricRmsd rmsd, List<double[]> refs, List<double[]> generated, double cpuSeconds, int count) {
            double[][] d = CoverageMetrics.rmsdMatrix(rmsd, refs, generated);
            CoverageMetrics[] m = new CoverageMetrics[thresholds.length];
            for (int k = 0; k < thresholds.length; k++) {
                m[k] = CoverageMetrics.of(d, thresholds[k]);
            }
            metrics.add(m);
            seconds += cpuSeconds;
            conformers += count;
        }

        String last() {
            CoverageMetrics[] m = metrics.get(metrics.size() - 1);
            return String.format(Locale.ROOT, "COV-R %.0f%% MAT-R %.3f Å at δ %.2f", 100 * m[m.length - 1].covR(),
                    m[m.length - 1].matR(), thresholds[thresholds.length - 1]);
        }

        String row(String name, int k) {
            double[][] v = new double[4][metrics.size()];
            for (int i = 0; i < metrics.size(); i++) {
                CoverageMetrics m = metrics.get(i)[k];
                v[0][i] = 100 * m.covR();
                v[1][i] = m.matR();
                v[2][i] = 100 * m.covP();
                v[3][i] = m.matP();
            }
            return String.format(Locale.ROOT, "| %s%s | %.2f | %.1f / %.1f | %.3f / %.3f | %.1f / %.1f | %.3f / %.3f | %.3f |%n",
                    name, missing > 0 ? " (" + missing + " molecules without conformers: 0 % coverage, no MAT)" : "", thresholds[k], mean(v[0]), median(v[0]),
                    mean(v[1]), median(v[1]), mean(v[2]), median(v[2]), mean(v[3]), median(v[3]), seconds / conformers);
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(Double::isFinite).toArray();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
