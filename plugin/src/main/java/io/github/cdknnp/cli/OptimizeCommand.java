package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.Committee;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.plot.Plots;
import io.github.cdknnp.task.ConfGfEmbedder;
import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.task.OptimizeSettings;
import io.github.cdknnp.task.OptimizeTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdk-nnp optimize}: local geometry optimization of every input record. */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = {"Optimizes the geometry of every input record to a force threshold and writes it with its "
                + "energy (NNP_ENERGY_EV, NNP_ENERGY_KCAL_PER_MOL) and NNP_OPT_CONVERGED, NNP_OPT_STEPS, NNP_OPT_FMAX_EV_PER_A.",
            "A record that does not converge is written with NNP_OPT_CONVERGED=false and counted in the summary."})
final class OptimizeCommand implements Callable<Integer> {
    /** Said on the plot of a record whose start the ConfGF embedder made: its refinement happened there. */
    static final String EMBEDDED_START = "start: lowest of " + ConfGfEmbedder.SAMPLES
            + " NNP-refined ConfGF samples, refinement not shown";
    @Mixin
    InputOptions input;

    @Mixin
    ForceFieldOptions forceField;

    @Mixin
    BatchOptions batch;

    @Mixin
    OptimizeSettings settings;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write a PNG per record (energy and largest force against step) into DIR.")
    Path plotDir;

    @Mixin
    ResumableOutput output;

    @Mixin
    UncertaintyOption uncertainty;

    @Override
    public Integer call() {
        input.check();
        OptimizeTask task = new OptimizeTask(input.policy, settings);
        Committee committee = uncertainty.load(forceField);
        AtomicLong notConverged = new AtomicLong();
        int code;
        try (ModelSession session = new ModelSession(forceField.load());
             ResumableOutput.Opened out = output.open(input.files)) {
            code = batch.runner("optimize", input.files, out.log(), out.done()).run(r -> {
                boolean embedded = task.embedsStart(r.molecule());
                OptimizationResult result = task.optimize(session, r);
                UncertaintyOption.annotate(committee, r.molecule(), r);
                if (plotDir != null) {
                    Plots.optimization(r.title(), result.energyPerStepEv(), result.fmaxPerStepEvPerA(), settings.fmaxEvPerA(),
                            embedded ? EMBEDDED_START : null, plotDir.resolve(PlotNames.of(r) + ".png"));
                }
                return result;
            }, (r, result) -> {
                if (!result.converged()) {
                    notConverged.incrementAndGet();
                    Console.warn(String.format("record %d (%s): not converged: %s", r.index(), r.title(), result.message()));
                }
                out.writer().write(r.molecule());
            });
        }
        if (notConverged.get() > 0) {
            Console.info(notConverged.get() + " records did not converge (written with NNP_OPT_CONVERGED=false)");
        }
        return code;
    }
}
