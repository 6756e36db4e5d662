package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.ff.AtomicSystem;
import io.github.cdknnp.ff.Committee;
import io.github.cdknnp.ff.UnsupportedChargeException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.task.OptionException;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Option;

/** {@code --uncertainty}: the default model's committee judges every written geometry (SD properties, a warning). */
final class UncertaintyOption {
    @Option(names = "--uncertainty", description = "Also evaluate the default model's committee (3 models) on every written "
            + "geometry: NNP_FORCE_SPREAD_EV_PER_A, NNP_ENERGY_SPREAD_KCAL_PER_MOL and NNP_OUTSIDE_DOMAIN, with a warning "
            + "when the spread says the molecule is outside what the model learnt.")
    boolean uncertainty;

    /** The committee when asked for, else null. */
    Committee load(ForceFieldOptions forceField) {
        if (!uncertainty) {
            return null;
        }
        if (forceField.model != null && !forceField.model.equals(NnpForceField.DEFAULT_MODEL_NAME)) {
            throw new OptionException("--uncertainty: a committee is shipped for the default model ("
                    + NnpForceField.DEFAULT_MODEL_NAME + ") only, not for --model " + forceField.model);
        }
        Committee committee = Committee.embedded(NnpForceField.DEFAULT_MODEL_NAME, forceField.backend);
        Console.info("committee: " + committee.description());
        return committee;
    }

    /** Writes the committee's verdict on a geometry into it; warns on standard error when it is outside the domain. */
    static void annotate(Committee committee, IAtomContainer geometry, MoleculeRecord record) {
        if (committee == null) {
            return;
        }
        AtomicSystem system = CdkStructure.systemOf(geometry);
        Committee.Disagreement d;
        try {
            d = committee.disagreement(system, CdkStructure.positionsOf(geometry));
        } catch (UnsupportedChargeException e) {  // computed by the charged model: no committee for it yet
            geometry.setProperty(CdkStructure.OUTSIDE_DOMAIN, "unknown (no committee for total charge "
                    + system.totalCharge() + ")");
            return;
        }
        if (CdkStructure.writeUncertainty(geometry, d, committee.forceWarningEvPerA())) {
            Console.warn(String.format(java.util.Locale.ROOT, "record %d (%s): warning: outside the model's domain (committee force "
                    + "spread %.3f eV/Å > %.3f): treat its energy and geometry with care", record.index(), record.title(),
                    d.forceSpreadEvPerA(), committee.forceWarningEvPerA()));
        }
    }
}
