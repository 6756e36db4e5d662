package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.BondRestraint;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.ff.backend.Backends;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import io.github.cdknnp.opt.GeneratedStart;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.opt.Optimizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Conformers of a CDK molecule: ConfGF annealed Langevin sampling from the trained score network, stereo
 * repair (the input's tetrahedral centres and double bonds are kept: mirror images are reflected, other
 * violations dropped), stretched bonds pulled back by a restrained pre-relaxation ({@link GeneratedStart}), NNP
 * refinement with L-BFGS (first to a loose screening threshold), a check that no bond of the graph broke, more
 * starts made from the lowest-energy refined samples by turning their rotatable bonds ({@link TorsionSampler},
 * refined and checked the same way), local moves from the lowest distinct results (a Monte Carlo multiple-minimum
 * step, {@link TorsionSampler#perturb}), a spread-out choice of the distinct ones ({@link Builder#spread}) refined on
 * to fmax, then the distinct conformers within an energy window, chosen the same way and returned lowest energy first.
 *
 * <pre>{@code
 * ConformerGenerator generator = ConformerGenerator.builder().conformers(20).build();
 * ConformerGenerator.Result result = generator.generate(molecule);   // with or without H and coordinates
 * for (IAtomContainer conformer : result.conformers()) { ... }       // NNP_ENERGY_*, NNP_REL_ENERGY_*, NNP_CONFORMER_RANK
 * }</pre>
 * Thread-safe: each call works on its own copies; the input molecule is not modified.
 */
public final class ConformerGenerator {
    /** The score network embedded in the resources jar. */
    public static final String DEFAULT_SCORE_MODEL = "/io/github/cdknnp/models/confgf-v1.h5";
    /** SD property: energy above the lowest conformer of the molecule, kcal/mol. */
    public static final String RELATIVE_ENERGY = "NNP_REL_ENERGY_KCAL_PER_MOL";
    /** SD property: 1-based rank by energy within the molecule. */
    public static final String RANK = "NNP_CONFORMER_RANK";
    /**
     * The schedule chosen by measurement on validation molecules (docs/conformers.md): 100 levels 10 → 0.01 Å
     * with 3 steps each and ε/σ_end² = 0.8, 301 network evaluations (ConfGF: 5,000), then NNP refinement.
     */
    public static final SamplingSchedule DEFAULT_SCHEDULE = new SamplingSchedule(10, 0.01, 100, 3, 8e-5, true);
    /** Torsion-sampled starts are made from this many of the lowest-energy refined ConfGF samples, in turn. */
    static final int TORSION_SEEDS = 4;
    /** Local (Monte Carlo multiple-minimum) starts are made from this many of the lowest distinct refined conformers. */
    static final int LOCAL_SEEDS = 4;
    /**
     * Screening threshold, eV/Å, chosen by measurement on validation drugs (docs/conformers.md): about the same
     * coverage as refining every start to fmax, at three quarters of the time.
     */
    public static final double DEFAULT_SCREEN_FMAX = 0.3;
    /**
     * Returned conformers are picked at least this heavy-atom RMSD (Å) apart before the rest are filled in lowest
     * energy first ({@link Builder#spread}); chosen on validation drugs (docs/conformers.md).
     */
    public static final double DEFAULT_SPREAD = 1.0;
    /**
     * With screening, this many times the requested conformers (distinct, chosen as the returned set is) are refined
     * to fmax; chosen on validation drugs (docs/conformers.md).
     */
    static final double POLISH_FACTOR = 2.0;
    /**
     * Fewest ConfGF samples drawn for one molecule, however few conformers are asked for (default; {@link
     * Builder#minSamples}): a request for one or two conformers is answered from a pool wide enough to hold the
     * low-energy basins (docs/conformers.md).
     */
    public static final int DEFAULT_MIN_SAMPLES = 4;
    /** ConfGF samples drawn per conformer asked for ({@link Builder#samples}), chosen on validation drugs. */
    public static final double DEFAULT_SAMPLES_PER_CONFORMER = 2;
    /**
     * Energy window of the returned conformers above the lowest, kcal/mol, in the NNP's energies: chosen on validation
     * drugs so that it keeps the conformers of GFN2-xTB reference ensembles once they are minimized with the NNP
     * (docs/conformers.md, "Return what was asked for").
     */
    public static final double DEFAULT_WINDOW_KCAL = 10;
    /** Local-search starts per ConfGF sample ({@link Builder#localSamples}), chosen on validation drugs. */
    public static final double DEFAULT_LOCAL_SAMPLES = 0.5;

    private final ScoreNetParameters scoreModel;
    private final ScoreKernel scoreKernel;
    private final ForceField forceField;
    private final int conformers;
    private final int samples;
    private final int minSamples;
    private final double torsionFactor;
    private final int torsionSamples;
    private final double localFactor;
    private final int localSamples;
    private final SamplingSchedule schedule;
    private final long seed;
    private final double fmax;
    private final double screenFmax;
    private final Supplier<Optimizer<?>> optimizer;
    private final ConformerPruner pruner;
    private final double spread;
    private final Builder settings;

    private ConformerGenerator(Builder b) {
        this(b.scoreModel != null ? b.scoreModel : ModelFile.readScoreNetResource(DEFAULT_SCORE_MODEL), null, b,
                b.forceField != null ? b.forceField : NnpForceField.load(), b.conformers,
                b.samples > 0 ? b.samples : (int) Math.round(DEFAULT_SAMPLES_PER_CONFORMER * b.conformers));
    }

    /** Settings from {@code b}, models shared when given ({@code scoreKernel} null: made from {@code b}'s backend). */
    private ConformerGenerator(ScoreNetParameters scoreModel, ScoreKernel scoreKernel, Builder b, ForceField forceField,
            int conformerCount, int sampleCount) {
        this.scoreModel = scoreModel;
        this.scoreKernel = scoreKernel != null ? scoreKernel : Backends.scoreNet(scoreModel, b.scoreBackend);
        this.forceField = forceField;
        conformers = conformerCount;
        minSamples = b.minSamples;
        samples = Math.max(minSamples, sampleCount);
        torsionFactor = b.torsionFactor;
        torsionSamples = (int) Math.round(torsionFactor * samples);
        localFactor = b.localFactor;
        localSamples = (int) Math.round(localFactor * samples);
        schedule = b.schedule;
        seed = b.seed;
        fmax = b.fmax;
        screenFmax = b.screenFmax;
        optimizer = b.optimizer;
        pruner = new ConformerPruner(b.windowKcal, b.rmsd);
        spread = b.spread;
        settings = b.copy();
    }

    /**
     * A generator for other counts that shares this one's models and kernels (no reloading, no new device buffers
     * for weights); the sample count is raised to this generator's minimum.
     */
    public ConformerGenerator withCounts(int conformerCount, int sampleCount) {
        if (conformerCount < 1 || sampleCount < 1) {
            throw new IllegalArgumentException("need at least one conformer and one sample");
        }
        return new ConformerGenerator(scoreModel, scoreKernel, settings, forceField, conformerCount, sampleCount);
    }

    /**
     * A builder with the defaults: 10 conformers from 20 ConfGF samples ({@value #DEFAULT_SAMPLES_PER_CONFORMER} per
     * conformer, at least {@value #DEFAULT_MIN_SAMPLES}), as many torsion-sampled starts and half as many local ones,
     * screened at 0.3 eV/Å, 20 distinct ones refined to fmax 0.05 eV/Å, {@value #DEFAULT_WINDOW_KCAL} kcal/mol window,
     * 0.5 Å duplicate RMSD,
     * picked 1.0 Å apart first.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The conformers of one molecule and what happened to the samples that did not make it.
     *
     * @param conformers      distinct conformers, lowest NNP energy first, with SD properties
     * @param energiesEv      their NNP energies (eV), in the same order: the numbers behind the SD properties
     * @param sampled         conformers drawn from the score model
     * @param mirrored        samples reflected to match the declared tetrahedral centres
     * @param stereoDropped   samples dropped because declared stereo could not be kept
     * @param broken          refined conformers dropped because a bond of the graph ended up broken, or more than
     *                        {@value TypicalBondLengths#TOLERANCE} Å off its typical length (a hole of the NNP), or an
     *                        evaluation failed
     * @param notConverged    refined conformers that did not reach fmax (kept, flagged NNP_OPT_CONVERGED=false and
     *                        NNP_GENERATED_3D)
     * @param duplicates      refined conformers removed as duplicates, above the energy window or by screening
     */
    public record Result(List<IAtomContainer> conformers, double[] energiesEv, int sampled, int mirrored,
            int stereoDropped, int broken, int notConverged, int duplicates) {
        /** Energies above the lowest conformer's, kcal/mol, in the order of {@link #conformers()}. */
        public double[] relativeEnergiesKcal() {
            double lowest = lowestEnergyEv();
            return java.util.Arrays.stream(energiesEv).map(e -> Units.evToKcalPerMol(e - lowest)).toArray();
        }

        /** The lowest conformer's energy, eV. */
        public double lowestEnergyEv() {
            return java.util.Arrays.stream(energiesEv).min().orElse(Double.NaN);
        }
    }

    /**
     * Generates conformers.
     *
     * @throws io.github.cdknnp.ff.UnsupportedElementException when an element is not covered by the models
     * @throws NnpException when no sample survives stereo checks and refinement
     */
    public Result generate(IAtomContainer input) {
        Objects.requireNonNull(input, "molecule");
        if (input.getAtomCount() == 0) {
            throw new NnpException("molecule has no atoms");
        }
        IAtomContainer molecule;
        try {
            molecule = input.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        addExplicitHydrogens(molecule);
        AtomicSystem system = CdkStructure.systemOf(molecule);
        forceField.check(system);
        StereoCheck stereo = StereoCheck.of(molecule);
        BondRestraint bonds = CdkStructure.bondRestraintOf(molecule);
        Samples sampling = sampleStarts(molecule, system, stereo, bonds);
        int stereoDropped = sampling.drawn() - sampling.starts().size();
        SymmetricRmsd rmsd = SymmetricRmsd.of(molecule);
        BatchRefinement refinement = new BatchRefinement(forceField, optimizer, molecule, system, stereo, bonds);
        double firstFmax = Math.max(fmax, screenFmax);
        refinement.refine(sampling.starts(), firstFmax);
        TorsionSampler torsions = torsionSamples > 0 || localSamples > 0 ? TorsionSampler.of(molecule) : null;
        if (torsionSamples > 0 && !refinement.kept.isEmpty()) {
            List<OptimizationResult> lowest = refinement.kept.stream()
                    .sorted(Comparator.comparingDouble(OptimizationResult::energyEv)).limit(TORSION_SEEDS).toList();
            refinement.refine(startsFrom(lowest, torsionSamples, new SplittableRandom(seed ^ 0x5DEECE66DL),
                    (r, random) -> torsions.sample(r, 1, random)), firstFmax);
        }
        if (localSamples > 0 && !refinement.kept.isEmpty()) {
            List<OptimizationResult> distinct = pruner.prune(rmsd, positionsOf(refinement.kept), energiesOf(refinement.kept))
                    .stream().limit(LOCAL_SEEDS).map(refinement.kept::get).toList();
            refinement.refine(startsFrom(distinct, localSamples, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L),
                    (r, random) -> torsions.perturb(r, 1, random)), firstFmax);
        }
        if (firstFmax > fmax) {
            refinement.polish(pruner.select(rmsd, positionsOf(refinement.kept), energiesOf(refinement.kept),
                    (int) Math.ceil(POLISH_FACTOR * conformers), spread), fmax);
        }
        stereoDropped += refinement.stereoDropped;
        int broken = refinement.broken;
        List<OptimizationResult> refined = refinement.kept;
        double[] energies = energiesOf(refined);
        List<Integer> order = pruner.select(rmsd, positionsOf(refined), energies, conformers, spread);
        if (order.isEmpty()) {
            throw new NnpException("no conformer survived refinement (" + sampling.drawn() + " samples; refined starts: "
                    + broken + " with a broken bond, " + stereoDropped + " with other stereo)");
        }
        List<IAtomContainer> out = new ArrayList<>();
        double[] energiesEv = new double[order.size()];
        int notConverged = 0;
        for (int rank = 0; rank < order.size(); rank++) {
            OptimizationResult r = refined.get(order.get(rank));
            notConverged += r.converged() ? 0 : 1;
            energiesEv[rank] = r.energyEv();
            out.add(conformer(molecule, r, rank, energies[order.get(rank)] - energies[order.get(0)]));
        }
        return new Result(out, energiesEv, sampling.drawn(), sampling.mirrored(), stereoDropped, broken, notConverged,
                refinement.screenedOut + refined.size() - out.size());
    }

    /** ConfGF samples that kept (or were mirrored to) the declared stereo, as refinement starts. */
    private record Samples(List<double[]> starts, int drawn, int mirrored) {
    }

    /**
     * Draws the ConfGF samples and makes them starts: the declared stereo repaired (mirrored where most centres came
     * out inverted; a sample that cannot be repaired is dropped), overlapping atoms moved apart, stretched bonds
     * pulled back by a restrained pre-relaxation.
     *
     * @throws NnpException when no sample keeps the declared stereo
     */
    private Samples sampleStarts(IAtomContainer molecule, AtomicSystem system, StereoCheck stereo, BondRestraint bonds) {
        DistanceGraph graph = DistanceGraph.of(molecule, scoreModel.elements());
        List<double[]> sampled = new ConfGfSampler(graph, scoreKernel.bind(graph.atomTypes(), graph.edgeI(),
                graph.edgeJ(), graph.edgeTypes())).sample(samples, schedule, seed);
        int mirrored = 0;
        List<double[]> starts = new ArrayList<>();
        io.github.cdknnp.ff.Potential restrained = null;
        for (double[] r : sampled) {
            boolean inverted = stereo.centres() > 0 && 2 * stereo.invertedCentres(r) > stereo.centres();
            if (!isFinite(r) || !stereo.repair(r)) {
                continue;
            }
            mirrored += inverted ? 1 : 0;
            Geometry.separateOverlaps(r);
            if (bonds.stretched(r)) {
                restrained = restrained != null ? restrained : forceField.bind(system);
                r = GeneratedStart.relax(bonds, restrained, r);
            }
            starts.add(r);
        }
        if (starts.isEmpty()) {
            throw new NnpException("no sampled conformer kept the declared stereochemistry (" + sampled.size() + " tried)");
        }
        return new Samples(starts, sampled.size(), mirrored);
    }

    private static List<double[]> positionsOf(List<OptimizationResult> results) {
        return results.stream().map(OptimizationResult::positions).toList();
    }

    private static double[] energiesOf(List<OptimizationResult> results) {
        return results.stream().mapToDouble(r -> Units.evToKcalPerMol(r.energyEv())).toArray();
    }

    /**
     * {@code count} starts made by {@code move} from the seeds in turn: torsion redraws from the {@value #TORSION_SEEDS}
     * lowest refined conformers ({@link TorsionSampler#sample}), local moves from the {@value #LOCAL_SEEDS} lowest
     * distinct ones ({@link TorsionSampler#perturb}); a draw that keeps clashing adds nothing.
     */
    private static List<double[]> startsFrom(List<OptimizationResult> seeds, int count, SplittableRandom random,
            BiFunction<double[], SplittableRandom, List<double[]>> move) {
        List<double[]> starts = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            starts.addAll(move.apply(seeds.get(k % seeds.size()).positions(), random));
        }
        return starts;
    }

    /**
     * Makes every hydrogen explicit, in place and in the order the generator's conformers have them (each atom's
     * hydrogens appended after all atoms, stereo elements updated), so a caller can copy a conformer's coordinates
     * onto its own molecule atom by atom.
     */
    public static void addExplicitHydrogens(IAtomContainer molecule) {
        for (IAtom atom : molecule.atoms()) {
            if (atom.getImplicitHydrogenCount() == null) {
                atom.setImplicitHydrogenCount(0);
            }
        }
        AtomContainerManipulator.convertImplicitToExplicitHydrogens(molecule);
    }

    private static boolean isFinite(double[] r) {
        for (double v : r) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private IAtomContainer conformer(IAtomContainer molecule, OptimizationResult r, int rank, double relativeKcal) {
        IAtomContainer c;
        try {
            c = molecule.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        CdkStructure.setPositions(c, r.positions());
        if (r.converged()) {
            c.removeProperty(CdkStructure.GENERATED_COORDINATES);
        } else {
            c.setProperty(CdkStructure.GENERATED_COORDINATES, "ConfGF conformer (NNP refinement not converged)");
        }
        CdkStructure.writeEnergy(c, r.energyEv());
        c.setProperty(RELATIVE_ENERGY, String.format(Locale.ROOT, "%.4f", relativeKcal));
        c.setProperty(RANK, String.valueOf(rank + 1));
        c.setProperty(Optimizer.CONVERGED_PROPERTY, Boolean.toString(r.converged()));
        c.setProperty(Optimizer.FMAX_PROPERTY, String.format(Locale.ROOT, "%.6f", r.fmaxEvPerA()));
        return c;
    }

    /** Options of a {@link ConformerGenerator}. */
    public static final class Builder implements Cloneable {
        private ScoreNetParameters scoreModel;
        private String scoreBackend = "auto";
        private ForceField forceField;
        private int conformers = 10;
        private int samples;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private double torsionFactor = 1;
        private double localFactor = DEFAULT_LOCAL_SAMPLES;
        private SamplingSchedule schedule = DEFAULT_SCHEDULE;
        private long seed = 42;
        private double fmax = Optimizer.DEFAULT_FMAX_EV_PER_A;
        private double screenFmax = DEFAULT_SCREEN_FMAX;
        private Supplier<Optimizer<?>> optimizer = () -> new Lbfgs().maxSteps(500);
        private double windowKcal = DEFAULT_WINDOW_KCAL;
        private double rmsd = 0.5;
        private double spread = DEFAULT_SPREAD;

        private Builder() {
        }

        /** A snapshot of these settings (all fields are values or immutable), kept by the generator built. */
        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Conformers returned at most (default 10). */
        public Builder conformers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("need at least one conformer, got " + n);
            }
            conformers = n;
            return this;
        }

        /** ConfGF samples drawn before refinement and pruning (default {@value #DEFAULT_SAMPLES_PER_CONFORMER} per conformer). */
        public Builder samples(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("need at least one sample, got " + n);
            }
            samples = n;
            return this;
        }

        /**
         * Fewest ConfGF samples per molecule (default {@value #DEFAULT_MIN_SAMPLES}; 1 turns the floor off): the
         * sample count is the larger of this and {@link #samples} (or the conformer count).
         */
        public Builder minSamples(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("the minimum sample count must be at least 1, got " + n);
            }
            minSamples = n;
            return this;
        }

        /**
         * Torsion-sampled starts per ConfGF sample (default 1; 0 turns them off): after the ConfGF samples are
         * refined, this many more starts are made from the lowest-energy ones by turning their rotatable bonds
         * ({@link TorsionSampler}), refined the same way and pooled with them before pruning. Chosen by measurement
         * (docs/conformers.md): higher coverage of reference ensembles, at about 1.5 times the time.
         */
        public Builder torsionSamples(double perSample) {
            if (!(perSample >= 0)) {
                throw new IllegalArgumentException("torsion samples per sample must be non-negative, got " + perSample);
            }
            torsionFactor = perSample;
            return this;
        }

        /**
         * Starts per ConfGF sample made by local moves ({@link TorsionSampler#perturb}: 1–3 bonds turned or ring
         * corners flipped) from the lowest distinct conformers refined so far; 0 turns the local search off.
         */
        public Builder localSamples(double perSample) {
            if (!(perSample >= 0)) {
                throw new IllegalArgumentException("local samples per sample must be non-negative, got " + perSample);
            }
            localFactor = perSample;
            return this;
        }

        /** A score network other than the embedded one. */
        public Builder scoreModel(ScoreNetParameters model) {
            scoreModel = model;
            return this;
        }

        /** Backend for the score network: {@code auto}, {@code cpu}, {@code reference}, ... (default auto). */
        public Builder scoreBackend(String selector) {
            scoreBackend = selector;
            return this;
        }

        /** The force field that refines and ranks (default: the embedded NNP on the fastest backend). */
        public Builder forceField(ForceField ff) {
            forceField = ff;
            return this;
        }

        /** The Langevin schedule (default {@link #DEFAULT_SCHEDULE}; {@link SamplingSchedule#CONFGF} is the original). */
        public Builder schedule(SamplingSchedule s) {
            schedule = Objects.requireNonNull(s);
            return this;
        }

        /** Random seed; equal seeds give equal conformers on the same backends. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Refinement by L-BFGS to a threshold, eV/Å (default 0.05), within a step cap (default 500; 0: energies only). */
        public Builder refine(double fmaxEvPerA, int steps) {
            return refine(() -> new Lbfgs().maxSteps(steps), fmaxEvPerA);
        }

        /** Refinement by another optimizer (a fresh one per call: optimizers are not shared between threads). */
        public Builder refine(Supplier<Optimizer<?>> optimizers, double fmaxEvPerA) {
            if (!(fmaxEvPerA > 0)) {
                throw new IllegalArgumentException("the force threshold must be positive, got " + fmaxEvPerA);
            }
            optimizer = Objects.requireNonNull(optimizers);
            fmax = fmaxEvPerA;
            return this;
        }

        /**
         * Screening before refinement to fmax (default {@value #DEFAULT_SCREEN_FMAX}; 0 turns it off): every start is first refined only to this looser
         * threshold, eV/Å, the results are pruned (window, duplicates), and only {@value #POLISH_FACTOR} times the
         * requested conformers, chosen as the returned set is ({@link #spread}), go on to fmax. Refinement cost is mostly spent near convergence, so
         * starts that end up as duplicates or high in energy stop early.
         */
        public Builder screen(double fmaxEvPerA) {
            if (!(fmaxEvPerA >= 0)) {
                throw new IllegalArgumentException("the screening threshold must be non-negative, got " + fmaxEvPerA);
            }
            screenFmax = fmaxEvPerA;
            return this;
        }

        /**
         * Energy window above the lowest conformer, kcal/mol (default {@value #DEFAULT_WINDOW_KCAL}), and duplicate RMSD,
         * Å (default 0.5).
         */
        public Builder prune(double window, double rmsdAngstrom) {
            if (!(window >= 0) || !(rmsdAngstrom >= 0)) {
                throw new IllegalArgumentException("the energy window and the duplicate RMSD cannot be negative, got "
                        + window + " kcal/mol and " + rmsdAngstrom + " Å");
            }
            windowKcal = window;
            rmsd = rmsdAngstrom;
            return this;
        }

        /**
         * Spread of the returned set, Å heavy-atom RMSD (default {@value #DEFAULT_SPREAD}; at or below the duplicate
         * RMSD: simply the lowest distinct): conformers at least this far from each other are picked first, lowest
         * energy first, and the remaining places are filled with the lowest other distinct conformers.
         */
        public Builder spread(double angstrom) {
            if (!(angstrom >= 0)) {
                throw new IllegalArgumentException("the spread cannot be negative, got " + angstrom + " Å");
            }
            spread = angstrom;
            return this;
        }

        /** Loads the models and prepares the kernels. */
        public ConformerGenerator build() {
            return new ConformerGenerator(this);
        }
    }
}
