package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.task.OptionException;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.md.Bussi;
import io.github.cdknnp.md.HydrogenMassRepartitioning;
import io.github.cdknnp.md.Integrator;
import io.github.cdknnp.md.LangevinBaoab;
import io.github.cdknnp.md.MdObserver;
import io.github.cdknnp.md.MdResult;
import io.github.cdknnp.md.VelocityVerlet;
import io.github.cdknnp.opt.Lbfgs;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.plot.Plots;
import io.github.cdknnp.trajectory.Frame;
import io.github.cdknnp.trajectory.TrajectoryWriter;
import io.github.cdknnp.trajectory.TrajectoryWriters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdk-nnp md}: molecular dynamics of every input record. */
@Command(name = "md", mixinStandardHelpOptions = true,
        description = {"Molecular dynamics of every input record. The trajectory goes to -o (.h5/.h5md H5MD, .xyz, "
                + ".sdf, or .csv thermo log); with several records each gets its own file, numbered by record.",
            "A run that blows up (force or temperature past its bound, NaN) stops, keeps its last good frame, and is "
                + "reported as failed. Molecules whose coordinates were generated are minimized first."})
final class MdCommand implements Callable<Integer> {
    enum Ensemble { nve, langevin, csvr }

    @Mixin
    InputOptions input;

    @Mixin
    ForceFieldOptions forceField;

    @Mixin
    BatchOptions batch;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Trajectory file (.h5, .h5md, .xyz, .sdf, .csv).")
    Path output;

    @Option(names = "--final", paramLabel = "FILE", description = "Also write every record's final frame to this SDF/XYZ file.")
    Path finalFrames;

    @Option(names = "--thermo", paramLabel = "FILE", description = "Also write a CSV thermo log (numbered per record like -o).")
    Path thermo;

    @Option(names = "--ensemble", defaultValue = "langevin", description = "${COMPLETION-CANDIDATES} (csvr: Bussi velocity rescaling). Default: ${DEFAULT-VALUE}.")
    Ensemble ensemble;

    @Option(names = "--steps", defaultValue = "1000", description = "Number of steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--timestep", defaultValue = "1.0", paramLabel = "FS", description = "Time step, fs. Default: ${DEFAULT-VALUE}.")
    double timestepFs;

    @Option(names = "--temperature", defaultValue = "300", paramLabel = "K",
            description = "Thermostat and initial velocity temperature, K. Default: ${DEFAULT-VALUE}.")
    double temperatureK;

    @Option(names = "--friction", defaultValue = "1.0", paramLabel = "PER_PS", description = "Langevin friction, 1/ps. Default: ${DEFAULT-VALUE}.")
    double frictionPerPs;

    @Option(names = "--tau", defaultValue = "100", paramLabel = "FS", description = "CSVR coupling time, fs. Default: ${DEFAULT-VALUE}.")
    double tauFs;

    @Option(names = "--hmr", description = "Hydrogen mass repartitioning (H mass 3.024 amu taken from the bonded heavy atom): use for 2 fs steps.")
    boolean hmr;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write a PNG per record (energies and temperature against time) into DIR.")
    Path plotDir;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (velocities, thermostat noise). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--interval", defaultValue = "10", description = "Write a frame every N steps. Default: ${DEFAULT-VALUE}.")
    int interval;

    @Option(names = "--author", defaultValue = "unknown", description = "Author named in H5MD output. Default: ${DEFAULT-VALUE}.")
    String author;

    @Option(names = "--equilibrate", paramLabel = "PS", defaultValue = "0",
            description = "Run this long first, unrecorded, then start the trajectory at time 0 from there (a start from a "
                    + "minimum first falls to about half the target temperature). Default: ${DEFAULT-VALUE}.")
    double equilibratePs;

    private ModelSession session;
    private boolean singleRecord;

    @Override
    public Integer call() {
        input.check();
        if (!(equilibratePs >= 0)) {
            throw new OptionException("--equilibrate must be ≥ 0 ps, got " + equilibratePs);
        }
        session = new ModelSession(forceField.load());
        checkOptions();
        singleRecord = Progress.countRecords(input.files) == 1;
        int code;
        try (ModelSession open = session;
             FailureLog log = FailureLog.beside(output);
             MoleculeWriter finals = finalFrames == null ? null : MoleculeWriter.open(finalFrames)) {
            // one record: its progress is counted in integration steps instead
            code = batch.runner("md", input.files, log, Set.of(), !singleRecord).run(r -> {
                var molecule = input.prepareWithStart(r.molecule(), session.embedder());
                CdkStructure.of(molecule, input.completion(), session.forceField());
                if (r.molecule().getProperty(CdkStructure.GENERATED_COORDINATES) != null) {
                    OptimizationResult min = Lbfgs.on(session.forceField()).minimize(r.molecule(), 0.05);
                    Console.info(String.format("record %d (%s): generated start minimized (%s)", r.index(), r.title(), min.message()));
                }
                return simulate(r);
            }, (r, result) -> {
                if (finals != null) {
                    finals.write(r.molecule());
                }
                if (result.failed()) {
                    throw new IllegalStateException("MD stopped at step " + result.steps() + " (" + result.reason() + "): "
                            + result.message() + "; trajectory kept up to the last good frame");
                }
            });
        }
        return code;
    }

    /** Every option value checked once, before the first record: a bad one is a usage error, not a failure per record. */
    private void checkOptions() {
        OptionException.check(() -> {
            integrator();
            MdObserver.each(s -> { }).every(interval);
            TrajectoryWriters.checkFormat(output);
            if (thermo != null) {
                TrajectoryWriters.checkFormat(thermo);
            }
            if (steps < 0) {
                throw new IllegalArgumentException("--steps must be ≥ 0, got " + steps);
            }
        });
    }

    private MdResult simulate(MoleculeRecord r) {
        Integrator<?> integrator = integrator();
        try (TrajectoryWriter trajectory = TrajectoryWriters.open(numbered(output, r), r.molecule(), author);
             TrajectoryWriter log = thermo == null ? null : TrajectoryWriters.open(numbered(thermo, r), r.molecule())) {
            List<MdObserver> observers = new ArrayList<>();
            observers.add(MdObserver.writingTo(trajectory).every(interval));
            if (log != null) {
                observers.add(MdObserver.writingTo(log).every(interval));
            }
            List<Frame> thermo = new ArrayList<>();
            if (plotDir != null) {
                observers.add(MdObserver.each(s -> thermo.add(s.toFrame())).every(interval));
            }
            Progress progress = singleRecord && batch.showsProgress() ? Progress.ofSteps("md", steps) : null;
            if (progress != null) {
                observers.add(MdObserver.each(s -> progress.stepTo(s.step())).every(Math.max(1, steps / 1000)));
            }
            MdResult result;
            try {
                result = integrator.run(r.molecule(), steps, observers.toArray(MdObserver[]::new));
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            if (plotDir != null) {
                Plots.md(r.title(), thermo.stream().mapToDouble(Frame::timeFs).toArray(),
                        thermo.stream().mapToDouble(Frame::potentialEv).toArray(),
                        thermo.stream().mapToDouble(Frame::kineticEv).toArray(),
                        thermo.stream().mapToDouble(Frame::temperatureK).toArray(),
                        ensemble == Ensemble.nve ? Double.NaN : temperatureK, plotDir.resolve(PlotNames.of(r) + ".png"));
            }
            return result;
        }
    }

    private Integrator<?> integrator() {
        Integrator<?> integrator = switch (ensemble) {
            case nve -> VelocityVerlet.on(session.forceField());
            case langevin -> LangevinBaoab.on(session.forceField()).temperatureK(temperatureK).frictionPerPs(frictionPerPs);
            case csvr -> Bussi.on(session.forceField()).temperatureK(temperatureK).tauFs(tauFs);
        };
        integrator.timestepFs(timestepFs).seed(seed).initialTemperatureK(temperatureK)
                .equilibrationSteps((int) Math.round(equilibratePs * 1000 / timestepFs));
        if (hmr) {
            integrator.hydrogenMassAmu(HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU);
        }
        return integrator;
    }

    /** {@code traj.h5} stays as it is for a single input record; otherwise {@code traj-<index>.h5}. */
    private Path numbered(Path base, MoleculeRecord r) {
        if (singleRecord) {
            return base;
        }
        String name = base.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        return base.resolveSibling(String.format(Locale.ROOT, "%s-%d%s", stem, r.index(), ext));
    }
}
