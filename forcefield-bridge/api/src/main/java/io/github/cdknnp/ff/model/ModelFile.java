package io.github.cdknnp.ff.model;

import io.github.cdknnp.ff.ModelLoadException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads model files in the HDF5 layout of {@code resources/MODEL_FORMAT.md} (format {@code cdk-nnp-model},
 * version 1) into {@link PainnParameters} or {@link ScoreNetParameters}, checking format, version,
 * architecture and every array shape.
 */
public final class ModelFile {
    /** The value of the root attribute {@code format}. */
    public static final String FORMAT = "cdk-nnp-model";
    /** The format version this reader understands. */
    public static final int VERSION = 1;

    private ModelFile() {
    }

    /** Reads a PaiNN model file from disk. */
    public static PainnParameters read(Path path) {
        return open(path, ModelFile::painn);
    }

    /** Reads a PaiNN model from the class path, e.g. {@code /io/github/cdknnp/models/painn-xtb-v4.h5}. */
    public static PainnParameters readResource(String resource) {
        return openResource(resource, ModelFile::painn);
    }

    /** Reads a ConfGF score-network file from disk. */
    public static ScoreNetParameters readScoreNet(Path path) {
        return open(path, ModelFile::scoreNet);
    }

    /** Reads a ConfGF score network from the class path. */
    public static ScoreNetParameters readScoreNetResource(String resource) {
        return openResource(resource, ModelFile::scoreNet);
    }

    private static <T> T open(Path path, BiFunction<HdfFile, String, T> reader) {
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("model file not found: " + path);
        }
        try (HdfFile hdf = new HdfFile(path)) {
            return reader.apply(hdf, path.toString());
        } catch (HdfException e) {
            throw new ModelLoadException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    private static <T> T openResource(String resource, BiFunction<HdfFile, String, T> reader) {
        try (InputStream in = ModelFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("model resource not found on the class path: " + resource);
            }
            try (HdfFile hdf = HdfFile.fromInputStream(in)) {
                return reader.apply(hdf, "classpath:" + resource);
            }
        } catch (IOException | HdfException e) {
            throw new ModelLoadException("cannot read model resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static void checkHeader(HdfFile hdf, String source, String expectedArchitecture) {
        String format = string(hdf, "format", source);
        if (!FORMAT.equals(format)) {
            throw new ModelLoadException(source + " is not a cdk-nnp model (format '" + format + "')");
        }
        int version = (int) number(hdf, "format_version", source);
        if (version != VERSION) {
            throw new ModelLoadException(source + " has format version " + version + "; this reader understands " + VERSION);
        }
        String architecture = string(hdf, "architecture", source);
        if (!expectedArchitecture.equals(architecture)) {
            throw new ModelLoadException(source + ": architecture '" + architecture + "' where '"
                    + expectedArchitecture + "' is expected");
        }
    }

    private static ScoreNetParameters scoreNet(HdfFile hdf, String source) {
        checkHeader(hdf, source, "confgf");
        int layers = (int) number(hdf, "n_layers", source);
        int features = (int) number(hdf, "n_features", source);
        checkRange(source, "n_layers", layers, 64);
        checkRange(source, "n_features", features, 4096);
        checkSizes(hdf, source, 16L * features * features + 1024L * features);
        try {
            List<ScoreNetParameters.GinLayer> gin = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                String g = "gin_" + l + "/";
                gin.add(new ScoreNetParameters.GinLayer(dense(hdf, g + "w1", g + "b1", source), dense(hdf, g + "w2", g + "b2", source)));
            }
            return new ScoreNetParameters(string(hdf, "name", source), elements(hdf, source),
                    (int) number(hdf, "n_features", source), (int) number(hdf, "n_edge_types", source),
                    number(hdf, "sigma_max", source), number(hdf, "sigma_min", source), (int) number(hdf, "n_sigmas", source),
                    matrix(hdf, "atom_embedding", source), matrix(hdf, "edge_embedding", source),
                    dense(hdf, "distance/w1", "distance/b1", source), dense(hdf, "distance/w2", "distance/b2", source), gin,
                    dense(hdf, "output/w1", "output/b1", source), dense(hdf, "output/w2", "output/b2", source),
                    dense(hdf, "output/w3", "output/b3", source), optionalString(hdf, "provenance"), optionalString(hdf, "metrics"));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(source + ": " + e.getMessage(), e);
        }
    }

    private static int[] elements(HdfFile hdf, String source) {
        double[] elementsD = vector(hdf, "elements", source);
        int[] elements = new int[elementsD.length];
        for (int k = 0; k < elements.length; k++) {
            elements[k] = (int) elementsD[k];
        }
        return elements;
    }

    private static PainnParameters painn(HdfFile hdf, String source) {
        checkHeader(hdf, source, "painn");
        String dispersion = hdf.getAttribute("dispersion") == null ? "" : string(hdf, "dispersion", source);
        if (!dispersion.isEmpty() && !dispersion.equals(PainnParameters.CHG_DISPERSION)) {
            throw new ModelLoadException(source + " adds an analytic dispersion term ('" + dispersion
                    + "') that this version of cdk-nnp does not compute; its energies would be wrong without it");
        }
        int blocks = (int) number(hdf, "n_interactions", source);
        int features = (int) number(hdf, "n_features", source);
        int rbf = (int) number(hdf, "n_rbf", source);
        checkRange(source, "n_interactions", blocks, 64);
        checkRange(source, "n_features", features, 4096);
        checkRange(source, "n_rbf", rbf, 1024);
        checkSizes(hdf, source, 3L * features * Math.max(2L * features, rbf) + 128L * features);
        try {
            List<PainnParameters.Layer> layers = new ArrayList<>();
            for (int t = 0; t < blocks; t++) {
                String in = "interaction_" + t + "/";
                String mx = "mixing_" + t + "/";
                layers.add(new PainnParameters.Layer(
                        dense(hdf, in + "context1_w", in + "context1_b", source),
                        dense(hdf, in + "context2_w", in + "context2_b", source),
                        dense(hdf, in + "filter_w", in + "filter_b", source),
                        dense(hdf, mx + "channel_w", null, source),
                        dense(hdf, mx + "mlp1_w", mx + "mlp1_b", source),
                        dense(hdf, mx + "mlp2_w", mx + "mlp2_b", source)));
            }
            return new PainnParameters(string(hdf, "name", source), number(hdf, "cutoff", source),
                    (int) number(hdf, "n_features", source), (int) number(hdf, "n_rbf", source), elements(hdf, source),
                    vector(hdf, "atomref", source), matrix(hdf, "embedding", source), layers,
                    dense(hdf, "readout/w1", "readout/b1", source), dense(hdf, "readout/w2", "readout/b2", source),
                    number(hdf, "energy_scale", source), number(hdf, "energy_shift", source),
                    chargeInput(hdf, source, features), optionalString(hdf, "provenance"),
                    optionalString(hdf, "metrics"), dispersion);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(source + ": " + e.getMessage(), e);
        }
    }

    /** The charge datasets if the file has them, else the one {@code total_charge} it supports. */
    private static ChargeInput chargeInput(HdfFile hdf, String source, int features) {
        if (!hdf.getChildren().containsKey("charges")) {
            return ChargeInput.only((int) number(hdf, "total_charge", source));
        }
        double[] q = vector(hdf, "charges", source);
        int[] charges = new int[q.length];
        for (int k = 0; k < q.length; k++) {
            charges[k] = (int) q[k];
        }
        return new ChargeInput(charges, vector(hdf, "charge_energy", source), vector(hdf, "charge_embedding", source));
    }

    private static void checkRange(String source, String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new ModelLoadException(source + ": " + name + " = " + value + " is outside 1.." + max);
        }
    }

    /**
     * Refuses a file declaring a dataset larger than its architecture allows before any data is read, so that a
     * corrupt or hostile header cannot make the reader allocate gigabytes.
     */
    private static void checkSizes(Group group, String source, long maxElements) {
        for (Node node : group.getChildren().values()) {
            if (node instanceof Group g) {
                checkSizes(g, source, maxElements);
            } else if (node instanceof Dataset d) {
                long elements = 1;
                for (int dim : d.getDimensions()) {
                    elements *= Math.max(dim, 0);
                }
                if (elements > maxElements) {
                    throw new ModelLoadException(source + ": dataset '" + d.getPath() + "' declares "
                            + java.util.Arrays.toString(d.getDimensions()) + " (" + elements + " values), more than the "
                            + "architecture's largest tensor can hold (" + maxElements + "): the file is corrupt");
                }
            }
        }
    }

    private static Dense dense(HdfFile hdf, String weight, String bias, String source) {
        return new Dense(matrix(hdf, weight, source), bias == null ? null : vector(hdf, bias, source));
    }

    private static Dataset dataset(HdfFile hdf, String path, String source) {
        try {
            return hdf.getDatasetByPath(path);
        } catch (HdfException e) {
            throw new ModelLoadException(source + ": missing dataset '" + path + "'", e);
        }
    }

    private static double[][] matrix(HdfFile hdf, String path, String source) {
        Dataset d = dataset(hdf, path, source);
        int[] dims = d.getDimensions();
        if (dims.length != 2) {
            throw new ModelLoadException(source + ": dataset '" + path + "' must be 2-D, is " + dims.length + "-D");
        }
        double[] flat = toDoubles(d.getDataFlat());
        double[][] m = new double[dims[0]][dims[1]];
        for (int r = 0; r < dims[0]; r++) {
            System.arraycopy(flat, r * dims[1], m[r], 0, dims[1]);
        }
        return m;
    }

    private static double[] vector(HdfFile hdf, String path, String source) {
        Dataset d = dataset(hdf, path, source);
        if (d.getDimensions().length != 1) {
            throw new ModelLoadException(source + ": dataset '" + path + "' must be 1-D");
        }
        return toDoubles(d.getDataFlat());
    }

    private static double[] toDoubles(Object array) {
        double[] out = new double[Array.getLength(array)];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) Array.get(array, k)).doubleValue();
        }
        return out;
    }

    private static Object attribute(HdfFile hdf, String name, String source) {
        Attribute a = hdf.getAttribute(name);
        if (a == null) {
            throw new ModelLoadException(source + ": missing root attribute '" + name + "'");
        }
        Object data = a.getData();
        return data != null && data.getClass().isArray() ? Array.get(data, 0) : data;
    }

    private static double number(HdfFile hdf, String name, String source) {
        Object v = attribute(hdf, name, source);
        if (!(v instanceof Number n)) {
            throw new ModelLoadException(source + ": attribute '" + name + "' is not a number");
        }
        return n.doubleValue();
    }

    private static String string(HdfFile hdf, String name, String source) {
        return String.valueOf(attribute(hdf, name, source));
    }

    private static String optionalString(HdfFile hdf, String name) {
        Attribute a = hdf.getAttribute(name);
        return a == null ? "{}" : String.valueOf(a.isScalar() || !a.getData().getClass().isArray() ? a.getData() : Array.get(a.getData(), 0));
    }
}
