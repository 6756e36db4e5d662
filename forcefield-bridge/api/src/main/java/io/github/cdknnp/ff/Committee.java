package io.github.cdknnp.ff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A committee of models trained alike but with different seeds: where they disagree about the forces on a
 * structure, the structure is outside what their training data pinned down, and no single model's answer there
 * should be trusted. The disagreement is the spread (standard deviation across members) of the forces, as an RMS over
 * every atom and component, in eV/Å, and of the energies, in eV; {@link #forceWarningEvPerA()} is the spread above
 * which a structure counts as outside the domain (set from held-out in-domain structures, see the committee file).
 *
 * <pre>{@code
 * Committee c = Committee.embedded(NnpForceField.DEFAULT_MODEL_NAME, "auto");
 * Committee.Disagreement d = c.disagreement(system, positions);
 * if (d.forceSpreadEvPerA() > c.forceWarningEvPerA()) { ... }
 * }</pre>
 */
public final class Committee {
    private final List<NnpForceField> members;
    private final double forceWarningEvPerA;
    private final String source;

    /** A committee of at least two force fields with a warning threshold (eV/Å). */
    public Committee(List<NnpForceField> members, double forceWarningEvPerA, String source) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a committee needs at least two members, got " + members.size());
        }
        this.members = List.copyOf(members);
        this.forceWarningEvPerA = forceWarningEvPerA;
        this.source = source;
    }

    /**
     * The committee shipped for an embedded model ({@code /io/github/cdknnp/models/<model>.committee.properties}:
     * its members and warning threshold), every member on the named backend.
     *
     * @throws ModelLoadException when no committee is shipped for that model
     */
    public static Committee embedded(String modelName, String backendSelector) {
        String resource = "/io/github/cdknnp/models/" + modelName + ".committee.properties";
        Properties p = new Properties();
        try (InputStream in = Committee.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("no committee is shipped for model '" + modelName + "' (" + resource
                        + "); committees exist for: " + NnpForceField.DEFAULT_MODEL_NAME);
            }
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        List<NnpForceField> members = new ArrayList<>();
        for (String name : p.getProperty("members").split(",")) {
            members.add(NnpForceField.loadEmbedded(name.strip(), backendSelector));
        }
        return new Committee(members, Double.parseDouble(p.getProperty("force_spread_warning_ev_per_a")),
                p.getProperty("measured", resource));
    }

    /** Spread across the members at one structure. */
    public record Disagreement(double forceSpreadEvPerA, double energySpreadEv) {
    }

    /** The members' disagreement about a structure (positions in Å). */
    public Disagreement disagreement(AtomicSystem system, double[] positions) {
        int m = members.size();
        double[][] forces = new double[m][positions.length];
        double[] energies = new double[m];
        for (int k = 0; k < m; k++) {
            energies[k] = members.get(k).bind(system).compute(positions, forces[k]);
        }
        double forceVariance = 0;
        for (int i = 0; i < positions.length; i++) {
            double mean = 0;
            for (int k = 0; k < m; k++) {
                mean += forces[k][i] / m;
            }
            for (int k = 0; k < m; k++) {
                forceVariance += (forces[k][i] - mean) * (forces[k][i] - mean) / m;
            }
        }
        double meanEnergy = 0;
        for (double e : energies) {
            meanEnergy += e / m;
        }
        double energyVariance = 0;
        for (double e : energies) {
            energyVariance += (e - meanEnergy) * (e - meanEnergy) / m;
        }
        return new Disagreement(Math.sqrt(forceVariance / positions.length), Math.sqrt(energyVariance));
    }

    /** Force spread above which a structure is outside the committee's domain, eV/Å. */
    public double forceWarningEvPerA() {
        return forceWarningEvPerA;
    }

    /** Member names, for logs. */
    public String description() {
        return members.size() + " models (" + String.join(", ", members.stream().map(NnpForceField::name).toList())
                + "), warning above " + forceWarningEvPerA + " eV/Å force spread; " + source;
    }
}
