package io.github.cdknnp.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.ff.NnpForceField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The embedded default model turns CDK ModelBuilder3D starts of the drug test set into sane geometries:
 * bond lengths compared with the GFN2-xTB-optimized geometry of each molecule
 * ({@code test-molecules/recipes/xtb_optimized_drugs.py}).
 */
class DefaultModelGeometryTest {
    @Test
    void modelBuilder3dStartsOptimizeToGfn2BondLengths() {
        List<GeometryCheck.Row> rows = GeometryCheck.drugs(NnpForceField.load());
        List<String> report = new ArrayList<>();
        int within = 0;
        for (GeometryCheck.Row row : rows) {
            boolean ok = row.error() == null && row.result().converged() && row.optimized().meanAbsAngstrom() <= 0.03;
            within += ok ? 1 : 0;
            report.add(row.error() != null ? row.title() + ": " + row.error() : String.format(Locale.ROOT,
                    "%s: converged %s, bond MAE %.4f Å, max %.3f Å (%s)", row.title(), row.result().converged(),
                    row.optimized().meanAbsAngstrom(), row.optimized().maxAbsAngstrom(), row.optimized().worstBond()));
        }
        assertTrue(rows.size() >= 20, "at least 20 drug-like molecules, got " + rows.size());
        assertTrue(within >= 20, within + " of " + rows.size() + " molecules converged with bond MAE ≤ 0.03 Å:\n"
                + String.join("\n", report));
    }
}
