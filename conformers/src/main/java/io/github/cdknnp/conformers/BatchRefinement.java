package io.github.cdknnp.conformers;

import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.BatchPotential;
import io.github.cdknnp.ff.BondRestraint;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.opt.OptimizationResult;
import io.github.cdknnp.opt.Optimizer;
import io.github.cdknnp.opt.StopReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * NNP refinement of one molecule's starts in batches, keeping the results whose evaluation never failed, whose bonds
 * are neither broken nor distorted and whose declared stereo survived; counts what it dropped and why.
 */
final class BatchRefinement {
    private final ForceField forceField;
    private final Supplier<Optimizer<?>> optimizer;
    private final IAtomContainer molecule;
    private final AtomicSystem system;
    private final StereoCheck stereo;
    private final BondRestraint bonds;
    final List<OptimizationResult> kept = new ArrayList<>();
    int broken;
    int stereoDropped;
    int screenedOut;
    private TypicalBondLengths typical;

    BatchRefinement(ForceField forceField, Supplier<Optimizer<?>> optimizer, IAtomContainer molecule,
            AtomicSystem system, StereoCheck stereo, BondRestraint bonds) {
        this.forceField = forceField;
        this.optimizer = optimizer;
        this.molecule = molecule;
        this.system = system;
        this.stereo = stereo;
        this.bonds = bonds;
    }

    /** Refines starts; atoms a move placed on top of each other are first moved apart. */
    void refine(List<double[]> starts, double threshold) {
        if (!starts.isEmpty()) {
            starts.forEach(Geometry::separateOverlaps);
            keepIntact(optimizer.get().minimizeAll(batchOf(starts.size()), starts, threshold));
        }
    }

    /**
     * Refines the chosen kept results on to a tighter threshold, continuing their runs (the optimizer keeps what
     * it learned of the curvature); the others are dropped.
     */
    void polish(List<Integer> chosen, double threshold) {
        List<OptimizationResult> screened = chosen.stream().map(kept::get).toList();
        screenedOut += kept.size() - chosen.size();
        kept.clear();
        keepIntact(optimizer.get().continueAll(batchOf(screened.size()), screened, threshold));
    }

    private BatchPotential batchOf(int size) {
        return forceField.bindBatch(Collections.nCopies(size, system));
    }

    /**
     * Keeps the results whose evaluation never failed and whose bonds are neither broken nor distorted (off the
     * bond lengths typical of the first refined batch: a hole of the NNP), with the declared stereo kept.
     */
    private void keepIntact(List<OptimizationResult> results) {
        List<OptimizationResult> bonded = new ArrayList<>();
        for (OptimizationResult r : results) {
            if (r.stopReason() == StopReason.CALCULATION_FAILED || bonds.stretched(r.positions())) {
                broken++;
            } else {
                bonded.add(r);
            }
        }
        if (typical == null && !bonded.isEmpty()) {
            typical = TypicalBondLengths.of(molecule, bonded.stream().map(OptimizationResult::positions).toList());
        }
        for (OptimizationResult r : bonded) {
            if (typical.distorted(r.positions())) {
                broken++;
            } else if (stereo.invertedCentres(r.positions()) == 0 && stereo.flippedDoubleBonds(r.positions()) == 0) {
                kept.add(r);
            } else {
                stereoDropped++;
            }
        }
    }
}
