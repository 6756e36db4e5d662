package io.github.cdknnp.cli;

import io.github.cdknnp.io.Console;
import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.conformers.ConformerPruner;
import io.github.cdknnp.conformers.DistanceGraph;
import io.github.cdknnp.conformers.StereoCheck;
import io.github.cdknnp.conformers.SymmetricRmsd;
import io.github.cdknnp.ff.NnpException;
import io.github.cdknnp.ff.NnpForceField;
import io.github.cdknnp.ff.cdk.CdkStructure;
import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.trajectory.AtomicOutput;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.stereo.StereoElementFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training-data step of the ConfGF recipe (resources/training/confgf/README.md): groups NNP-optimized
 * conformers by molecule (from any number of inputs), drops those with a broken bond or another stereo than the
 * group's first record, keeps the converged, distinct ones within an energy window ({@link ConformerPruner}),
 * writes them as an ensemble SDF and exports their {@link DistanceGraph}s and coordinates to HDF5 for the
 * PyTorch trainer, so that training and inference share one featurization.
 */
@Command(name = "confgf-data", hidden = true, mixinStandardHelpOptions = true,
        description = "Build conformer ensembles from optimized conformers and export them for score-network training.")
final class ConfgfDataCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, arity = "1..*", description = "Optimized conformers (SDF, .gz).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, description = "Ensemble SDF (.sdf or .sdf.gz).")
    Path output;

    @Option(names = "--hdf5", description = "Also export graphs and coordinates to this HDF5 file.")
    Path hdf5;

    @Option(names = "--group-by", defaultValue = "MOL_ID", description = "SD property naming the molecule (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--window", defaultValue = "6.0", description = "Energy window, kcal/mol (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--energy-property", defaultValue = "NNP_ENERGY_KCAL_PER_MOL",
            description = "SD property with each conformer's energy, kcal/mol (default: ${DEFAULT-VALUE}).")
    String energyProperty;

    @Option(names = "--all-records", description = "Use every record, not only those with NNP_OPT_CONVERGED=true (e.g. force-field minima).")
    boolean allRecords;

    @Option(names = "--rmsd", defaultValue = "0.5", description = "Heavy-atom RMSD below which conformers are duplicates, Å (default: ${DEFAULT-VALUE}).")
    double rmsd;

    private final List<Integer> atomStart = new ArrayList<>(List.of(0));
    private final List<Integer> edgeStart = new ArrayList<>(List.of(0));
    private final List<int[]> graphs = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> confMolecule = new ArrayList<>();
    private final List<double[]> confCoords = new ArrayList<>();
    private final List<Double> confEnergy = new ArrayList<>();
    private int kept;
    private int skipped;
    private int inconsistent;

    @Override
    public Integer call() {
        ConformerPruner pruner = new ConformerPruner(window, rmsd);
        int[] elements = ModelFile.readResource(NnpForceField.DEFAULT_MODEL).elements();
        Map<String, List<IAtomContainer>> groups = new LinkedHashMap<>();
        try (MoleculeReader reader = MoleculeReader.open(inputs)) {
            for (MoleculeRecord r : reader) {
                if (!r.ok() || !(allRecords || "true".equals(String.valueOf((Object) r.molecule().getProperty("NNP_OPT_CONVERGED"))))) {
                    skipped++;
                    continue;
                }
                groups.computeIfAbsent(key(r.molecule()), k -> new ArrayList<>()).add(r.molecule());
            }
        }
        List<List<IAtomContainer>> checked = groups.values().stream().map(this::consistent).toList();   // before any output exists
        try (MoleculeWriter writer = MoleculeWriter.open(output)) {
            for (List<IAtomContainer> group : checked) {
                flush(group, pruner, elements, writer);
            }
        }
        if (hdf5 != null) {
            writeHdf5(elements);
        }
        Console.info(String.format(Locale.ROOT, "%d molecules, %d distinct conformers kept, %d records not converged or unreadable, "
                + "%d with a broken bond or other stereo than the molecule's first record", ids.size(), kept, skipped, inconsistent));
        return 0;
    }

    private String key(IAtomContainer molecule) {
        Object v = molecule.getProperty(groupBy);
        return v == null ? String.valueOf(molecule.getTitle()) : v.toString().strip();
    }

    /**
     * The conformers of a group (from any input, e.g. optimized ETKDG starts and MD snapshots) that are the same
     * molecule as its first record: no bond of the graph stretched, the first record's 3D stereo kept. Every record
     * must have explicit hydrogens, 3D coordinates and no overlapping atoms (else a clear error names it).
     */
    private List<IAtomContainer> consistent(List<IAtomContainer> group) {
        List<double[]> positions = new ArrayList<>();
        for (IAtomContainer c : group) {
            try {
                positions.add(CdkStructure.of(c, CdkStructure.Options.STRICT).positions());
            } catch (NnpException e) {
                throw new NnpException("conformer '" + c.getTitle() + "' of " + key(c) + ": " + e.getMessage(), e);
            }
        }
        IAtomContainer first;
        try {
            first = group.get(0).clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        first.setStereoElements(StereoElementFactory.using3DCoordinates(first).createAll());
        StereoCheck stereo = StereoCheck.of(first);
        List<IAtomContainer> same = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            IAtomContainer c = group.get(k);
            double[] x = positions.get(k);
            if (CdkStructure.bondRestraintOf(c).stretched(x) || stereo.invertedCentres(x) > 0 || stereo.flippedDoubleBonds(x) > 0) {
                inconsistent++;
            } else {
                same.add(c);
            }
        }
        return same;
    }

    private void flush(List<IAtomContainer> group, ConformerPruner pruner, int[] elements, MoleculeWriter writer) {
        if (group.isEmpty()) {
            return;
        }
        List<double[]> positions = new ArrayList<>();
        double[] energies = new double[group.size()];
        for (int k = 0; k < group.size(); k++) {
            positions.add(CdkStructure.positionsOf(group.get(k)));   // checked by consistent()
            Object energy = group.get(k).getProperty(energyProperty);
            if (energy == null) {
                throw new IllegalArgumentException("conformer '" + group.get(k).getTitle() + "' of " + key(group.get(k))
                        + " has no SD property " + energyProperty + " (choose one with --energy-property)");
            }
            energies[k] = Double.parseDouble(energy.toString().strip());
        }
        IAtomContainer first = group.get(0);
        List<Integer> keep = pruner.prune(SymmetricRmsd.of(first), positions, energies);
        DistanceGraph graph = DistanceGraph.of(first, elements);
        int molecule = ids.size();
        ids.add(key(first));
        atomStart.add(atomStart.get(molecule) + graph.atoms());
        edgeStart.add(edgeStart.get(molecule) + graph.edges());
        graphs.add(graph.atomTypes());
        graphs.add(graph.edgeI());
        graphs.add(graph.edgeJ());
        graphs.add(graph.edgeTypes());
        double lowest = energies[keep.get(0)];
        for (int rank = 0; rank < keep.size(); rank++) {
            int k = keep.get(rank);
            IAtomContainer conformer = group.get(k);
            conformer.setProperty(ConformerGenerator.RELATIVE_ENERGY, String.format(Locale.ROOT, "%.4f", energies[k] - lowest));
            conformer.setProperty(ConformerGenerator.RANK, String.valueOf(rank + 1));
            writer.write(conformer);
            confMolecule.add(molecule);
            confCoords.add(positions.get(k));
            confEnergy.add(energies[k] - lowest);
        }
        kept += keep.size();
    }

    private void writeHdf5(int[] elements) {
        AtomicOutput out = new AtomicOutput(hdf5);
        try (WritableHdfFile file = HdfFile.write(out.temporary())) {
            file.putAttribute("elements", elements);
            file.putAttribute("edge_types", DistanceGraph.EDGE_TYPES);
            file.putAttribute("molecule_ids", ids.toArray(new String[0]));
            file.putDataset("atom_start", atomStart.stream().mapToInt(Integer::intValue).toArray());
            file.putDataset("edge_start", edgeStart.stream().mapToInt(Integer::intValue).toArray());
            String[] names = {"atom_type", "edge_i", "edge_j", "edge_type"};
            for (int f = 0; f < names.length; f++) {
                List<int[]> parts = new ArrayList<>();
                for (int m = f; m < graphs.size(); m += names.length) {
                    parts.add(graphs.get(m));
                }
                file.putDataset(names[f], parts.stream().flatMapToInt(Arrays::stream).toArray());
            }
            file.putDataset("conf_molecule", confMolecule.stream().mapToInt(Integer::intValue).toArray());
            file.putDataset("conf_energy_rel", confEnergy.stream().mapToDouble(Double::doubleValue).toArray());
            file.putDataset("conf_coords", confCoords.stream().flatMapToDouble(Arrays::stream).toArray());
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
        out.commit();
    }
}
