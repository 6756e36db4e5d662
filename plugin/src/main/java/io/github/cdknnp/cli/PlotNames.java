package io.github.cdknnp.cli;

import io.github.cdknnp.io.MoleculeRecord;
import java.util.Locale;

/** File names for per-record plots: the record index and a file-safe form of its title. */
final class PlotNames {
    private PlotNames() {
    }

    static String of(MoleculeRecord r) {
        String safe = r.title().replaceAll("[^A-Za-z0-9._-]+", "_");
        return String.format(Locale.ROOT, "%06d-%s", r.index(), safe.length() > 60 ? safe.substring(0, 60) : safe);
    }
}
