package io.github.cdknnp.ff.backend;

import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/** Finds backends and picks one from a selector such as {@code auto}, {@code reference} or {@code opencl:0:1}. */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());

    private Backends() {
    }

    /** Every backend on the class path, available or not. */
    public static List<Backend> all() {
        List<Backend> list = new ArrayList<>();
        ServiceLoader.load(Backend.class, Backends.class.getClassLoader()).forEach(list::add);
        return list;
    }

    /** Whether the selector names a backend this build has (or {@code auto}), available here or not. */
    public static boolean known(String selector) {
        String name = selector == null || selector.isBlank() ? "auto" : selector.split(":", 2)[0].trim();
        return name.equals("auto") || all().stream().anyMatch(b -> b.name().equals(name));
    }

    /**
     * The backend named by the selector's part before the first ':'; {@code auto} picks the fastest
     * available one. Logs one line saying what was chosen.
     *
     * @throws BackendUnavailableException when the named backend is unknown or cannot run here
     */
    public static Backend select(String selector) {
        String name = selector == null || selector.isBlank() ? "auto" : selector.split(":", 2)[0].trim();
        List<Backend> all = all();
        if (name.equals("auto")) {
            Backend best = all.stream().filter(Backends::available).max(Comparator.comparingDouble(Backend::speed))
                    .orElseThrow(() -> new BackendUnavailableException("no backend available"));
            LOG.fine(() -> "backend auto -> " + best.name() + " (" + best.describe() + ")");
            return best;
        }
        for (Backend b : all) {
            if (b.name().equals(name)) {
                if (!available(b)) {
                    throw new BackendUnavailableException("backend '" + name + "' is not available: " + b.describe());
                }
                LOG.fine(() -> "backend " + b.name() + " (" + b.describe() + ")");
                return b;
            }
        }
        throw new BackendUnavailableException("unknown backend '" + name + "'; known: "
                + String.join(", ", all.stream().map(Backend::name).toList()) + ", auto");
    }

    /**
     * Score-network kernels from the backend the selector names; with {@code auto}, from the fastest available
     * backend that has them (not every backend implements every model). Logs one line saying what was chosen.
     */
    public static ScoreKernel scoreNet(ScoreNetParameters parameters, String selector) {
        String name = selector == null || selector.isBlank() ? "auto" : selector.split(":", 2)[0].trim();
        if (!name.equals("auto")) {
            return select(selector).createScoreNet(parameters, device(selector));
        }
        List<Backend> candidates = all().stream().filter(Backends::available)
                .sorted(Comparator.comparingDouble(Backend::speed).reversed()).toList();
        for (Backend b : candidates) {
            try {
                ScoreKernel kernel = b.createScoreNet(parameters, "");
                LOG.fine(() -> "score network: backend auto -> " + b.name());
                return kernel;
            } catch (BackendUnavailableException e) {
                LOG.fine(() -> b.name() + ": " + e.getMessage());
            }
        }
        throw new BackendUnavailableException("no available backend has score-network kernels");
    }

    /** The device part of a selector: what follows the first ':' ({@code ""} when absent). */
    public static String device(String selector) {
        if (selector == null) {
            return "";
        }
        int colon = selector.indexOf(':');
        return colon < 0 ? "" : selector.substring(colon + 1);
    }

    private static boolean available(Backend b) {
        try {
            return b.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
