package io.github.cdknnp.ff;

import io.github.cdknnp.ff.analytic.ChgDispersion;
import io.github.cdknnp.ff.backend.Backend;
import io.github.cdknnp.ff.backend.Backends;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.model.ModelFile;
import io.github.cdknnp.ff.model.PainnParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A trained neural network potential as a force field: model parameters plus the backend that evaluates them.
 *
 * <pre>{@code
 * ForceField ff = NnpForceField.load();                    // embedded default model, backend "auto"
 * ForceField ff = NnpForceField.load(Path.of("my.h5"), "reference");
 * ForceField ff = NnpForceField.loadEmbedded("painn-xtb-v4", "auto"); // another embedded model, by name
 * }</pre>
 */
public final class NnpForceField implements ForceField {
    /** Name of the default model shipped in the cdk-nnp-resources jar. */
    public static final String DEFAULT_MODEL_NAME = "painn-dft-v1";
    /**
     * Names of every model shipped in the cdk-nnp-resources jar, the default first (resources/MODEL.md); the -c2, -c3
     * models are the default's committee members ({@link Committee}).
     */
    public static final List<String> EMBEDDED_MODELS = List.of(DEFAULT_MODEL_NAME, "painn-xtb-v4", "painn-dft-v1-c2",
            "painn-dft-v1-c3", NnpForceField.CHARGED_MODEL_NAME);
    /** The embedded model that takes charged molecules (resources/MODEL-painn-dft-charged-v1.md). */
    public static final String CHARGED_MODEL_NAME = "painn-dft-charged-v1";
    /** Class-path location of the default model. */
    public static final String DEFAULT_MODEL = resourceOf(DEFAULT_MODEL_NAME);

    private final PainnParameters parameters;
    private final Backend backend;
    private final String device;
    /** One compiled kernel per total charge in use: the charge embedding is folded into the element embeddings. */
    private final Map<Integer, ModelKernel> kernels = new ConcurrentHashMap<>();

    /** A force field from parameters already in memory, on the backend named by {@code backendSelector}. */
    public NnpForceField(PainnParameters parameters, String backendSelector) {
        this.parameters = parameters;
        this.backend = Backends.select(backendSelector);
        this.device = Backends.device(backendSelector);
        int neutral = parameters.charge().supports(0) ? 0 : parameters.charge().charges()[0];
        kernel(neutral);  // compile now, so that a broken backend fails at load time
    }

    private ModelKernel kernel(int charge) {
        return kernels.computeIfAbsent(charge, q -> backend.createPainn(parameters.forCharge(q), device));
    }

    /** The embedded default model on the fastest available backend. */
    public static NnpForceField load() {
        return load("auto");
    }

    /** The embedded default model on the named backend ({@code auto}, {@code reference}, {@code cpu}, {@code opencl[:p:d]}). */
    public static NnpForceField load(String backendSelector) {
        return new NnpForceField(ModelFile.readResource(DEFAULT_MODEL), backendSelector);
    }

    /**
     * An embedded model by name ({@link #EMBEDDED_MODELS}) on the named backend.
     *
     * @throws ModelLoadException when no embedded model has that name (the message lists them)
     */
    public static NnpForceField loadEmbedded(String modelName, String backendSelector) {
        if (!EMBEDDED_MODELS.contains(modelName)) {
            throw new ModelLoadException("no embedded model named '" + modelName
                    + "'; embedded models: " + String.join(", ", EMBEDDED_MODELS));
        }
        return new NnpForceField(ModelFile.readResource(resourceOf(modelName)), backendSelector);
    }

    /**
     * A model by what a user typed: null for the default model, the name of an embedded model (unless a file of
     * that name exists), or a model file path; on the named backend.
     */
    public static NnpForceField load(String modelFileOrName, String backendSelector) {
        if (modelFileOrName == null) {
            return load(backendSelector);
        }
        return EMBEDDED_MODELS.contains(modelFileOrName) && !Files.exists(Path.of(modelFileOrName))
                ? loadEmbedded(modelFileOrName, backendSelector) : load(Path.of(modelFileOrName), backendSelector);
    }

    private static String resourceOf(String modelName) {
        return "/io/github/cdknnp/models/" + modelName + ".h5";
    }

    /** A model file on the named backend. */
    public static NnpForceField load(Path modelFile, String backendSelector) {
        return new NnpForceField(ModelFile.read(modelFile), backendSelector);
    }

    /** The model's parameters and metadata. */
    public PainnParameters parameters() {
        return parameters;
    }

    /** The backend evaluating the model. */
    public Backend backend() {
        return backend;
    }

    /** The model's name (the model file's {@code name} attribute). */
    public String name() {
        return parameters.name();
    }

    @Override
    public String description() {
        return "NNP " + parameters.name() + " (PaiNN, cutoff " + parameters.cutoff() + " Å"
                + (parameters.dispersion().isEmpty() ? "" : ", + ωB97X-D dispersion") + ") on backend " + backend.name()
                + " (" + backend.describe() + ")";
    }

    @Override
    public Potential bind(AtomicSystem system) {
        int[] elements = elementIndices(system);
        Potential network = kernel(system.totalCharge()).bind(elements);
        double offset = parameters.charge().energy(system.totalCharge());
        if (parameters.dispersion().isEmpty() && offset == 0) {
            return network;
        }
        Potential dispersion = parameters.dispersion().isEmpty() ? null : new ChgDispersion(system.atomicNumbers());
        return new Potential() {
            private double[] extra = new double[0];

            @Override
            public int atomCount() {
                return network.atomCount();
            }

            @Override
            public double compute(double[] positions, double[] forces) {
                if (extra.length != forces.length) {
                    extra = new double[forces.length];
                }
                double e = network.compute(positions, forces) + offset;
                if (dispersion != null) {
                    e += dispersion.compute(positions, extra);
                    for (int k = 0; k < forces.length; k++) {
                        forces[k] += extra[k];
                    }
                }
                return e;
            }
        };
    }

    @Override
    public BatchPotential bindBatch(List<AtomicSystem> systems) {
        List<int[]> indices = new ArrayList<>(systems.size());
        for (AtomicSystem s : systems) {
            indices.add(elementIndices(s));
        }
        int charge = systems.isEmpty() ? 0 : systems.get(0).totalCharge();
        boolean oneCharge = systems.stream().allMatch(s -> s.totalCharge() == charge);
        if (!parameters.dispersion().isEmpty() || !oneCharge || parameters.charge().energy(charge) != 0) {
            return ForceField.super.bindBatch(systems);  // each member with its own extra terms
        }
        return kernel(charge).bindBatch(indices);
    }

    @Override
    public void check(AtomicSystem system) {
        elementIndices(system);
    }

    private int[] elementIndices(AtomicSystem system) {
        if (!parameters.charge().supports(system.totalCharge())) {
            throw new UnsupportedChargeException(system.totalCharge(), parameters.name(), parameters.charge().describe(),
                    CHARGED_MODEL_NAME);
        }
        int[] index = new int[system.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = parameters.elementIndex(system.atomicNumber(i));
            if (index[i] < 0) {
                throw new UnsupportedElementException(system.atomicNumber(i), i, supported());
            }
        }
        return index;
    }

    private String supported() {
        return Arrays.stream(parameters.elements()).mapToObj(Elements::symbol).collect(Collectors.joining(" "));
    }
}
