package io.github.cdknnp.cli;

import io.github.cdknnp.ff.Geometry;
import io.github.cdknnp.ff.ForceField;
import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.ff.Potential;
import io.github.cdknnp.ff.Units;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.io.FailureLog;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cdk-nnp energy}: single-point energies (and forces) per input record. */
@Command(name = "energy", mixinStandardHelpOptions = true,
        description = "Energy (eV, kcal/mol) and optionally forces (eV/Å) of every input record, keyed by its title.")
final class EnergyCommand implements Callable<Integer> {
    /** SD property with the largest per-atom force, eV/Å. */
    static final String FMAX = "NNP_FMAX_EV_PER_A";
    /** SD property with the forces, one "fx fy fz" line per atom, eV/Å. */
    static final String FORCES = "NNP_FORCES_EV_PER_A";

    enum Format { sdf, csv, json }

    @Mixin
    InputOptions input;

    @Mixin
    ForceFieldOptions forceField;

    @Mixin
    BatchOptions batch;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output file; format by --format or extension (.sdf, .csv, .json). Default: CSV on standard output.")
    Path output;

    @Option(names = "--format", description = "Output format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = "--forces", description = "Also report the forces on every atom.")
    boolean forces;

    @Override
    public Integer call() {
        input.check();
        ModelSession session = new ModelSession(forceField.load());
        Format fmt = format != null ? format : output == null ? Format.csv : fromExtension(output);
        FailureLog log = FailureLog.beside(output != null ? output : Path.of("energy"));
        try (ModelSession open = session; ResultSink sink = open(fmt)) {
            return batch.runner("energy", input.files, log, Set.of()).run(r -> evaluate(session, r),
                    (r, result) -> sink.accept(result));
        } finally {
            log.close();
        }
    }

    private Result evaluate(ModelSession session, MoleculeRecord r) {
        ForceField ff = session.forceField();
        IAtomContainer molecule = input.prepareWithStart(r.molecule(), session.embedder());
        CdkStructure s = CdkStructure.of(molecule, input.completion(), ff);
        Potential p = ff.bind(s.system());
        double[] f = new double[3 * s.system().size()];
        double e = p.compute(s.positions(), f);
        s.writeEnergy(e);
        r.molecule().setProperty(FMAX, String.format(Locale.ROOT, "%.6f", Geometry.maxAtomForce(f)));
        if (forces) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < f.length; i += 3) {
                sb.append(String.format(Locale.ROOT, "%.6f %.6f %.6f%n", f[i], f[i + 1], f[i + 2]));
            }
            r.molecule().setProperty(FORCES, sb.toString().strip());
        }
        return new Result(r, e, f);
    }

    record Result(MoleculeRecord record, double energyEv, double[] forces) {
    }

    private static Format fromExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Format.csv;
        }
        if (n.endsWith(".json")) {
            return Format.json;
        }
        return Format.sdf;
    }

    /** Where results go; closing it completes the output. */
    private interface ResultSink extends AutoCloseable {
        void accept(Result r);

        @Override
        void close();
    }

    private ResultSink open(Format fmt) {
        if (fmt == Format.sdf) {
            if (output == null) {
                throw new IllegalArgumentException("SDF output needs -o FILE");
            }
            MoleculeWriter w = MoleculeWriter.open(output);
            return new ResultSink() {
                public void accept(Result r) {
                    w.write(r.record().molecule());
                }

                public void close() {
                    w.close();
                }
            };
        }
        TextOutput out = TextOutput.open(output);
        PrintWriter pw = out.writer();
        boolean json = fmt == Format.json;
        if (json) {
            pw.println("[");
        } else {
            pw.println(forces ? "index,title,atom,element,energy_eV,fx_eV_per_A,fy_eV_per_A,fz_eV_per_A"
                    : "index,title,atoms,energy_eV,energy_kcal_per_mol,fmax_eV_per_A");
        }
        return new ResultSink() {
            private boolean first = true;

            public void accept(Result r) {
                if (json) {
                    pw.print(first ? "" : ",\n");
                    pw.print(json(r));
                } else {
                    pw.print(csv(r));
                }
                first = false;
                pw.flush();
            }

            public void close() {
                if (json) {
                    pw.println(first ? "]" : "\n]");
                }
                out.close();
            }
        };
    }

    private String csv(Result r) {
        String title = TextOutput.csvField(r.record().title());
        if (!forces) {
            return String.format(Locale.ROOT, "%d,%s,%d,%.6f,%.4f,%.6f%n", r.record().index(), title,
                    r.forces().length / 3, r.energyEv(), Units.evToKcalPerMol(r.energyEv()), Geometry.maxAtomForce(r.forces()));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.forces().length / 3; i++) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%.6f,%.6f,%.6f,%.6f%n", r.record().index(), title, i + 1,
                    r.record().molecule().getAtom(i).getSymbol(), r.energyEv(),
                    r.forces()[3 * i], r.forces()[3 * i + 1], r.forces()[3 * i + 2]));
        }
        return sb.toString();
    }

    private String json(Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "  {\"index\": %d, \"title\": %s, \"atoms\": %d, \"energy_eV\": %.6f, \"energy_kcal_per_mol\": %.4f, \"fmax_eV_per_A\": %.6f",
                r.record().index(), TextOutput.jsonString(r.record().title()), r.forces().length / 3, r.energyEv(),
                Units.evToKcalPerMol(r.energyEv()), Geometry.maxAtomForce(r.forces())));
        if (forces) {
            sb.append(", \"forces_eV_per_A\": [");
            for (int i = 0; i < r.forces().length; i += 3) {
                sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.6f, %.6f, %.6f]",
                        r.forces()[i], r.forces()[i + 1], r.forces()[i + 2]));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }
}
