package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLDevice;
import com.jogamp.opencl.CLPlatform;
import io.github.cdknnp.ff.BackendUnavailableException;
import io.github.cdknnp.ff.backend.Backend;
import io.github.cdknnp.ff.backend.ModelKernel;
import io.github.cdknnp.ff.backend.ScoreKernel;
import io.github.cdknnp.ff.model.PainnParameters;
import io.github.cdknnp.ff.model.ScoreNetParameters;

/**
 * PaiNN and the ConfGF score network on an OpenCL device (GPU, or CPU through PoCL), through JogAmp JOCL.
 *
 * <p>Device selector {@code platform:device} as {@code clinfo -l} numbers them, optionally followed by
 * {@code :double} for the all-float64 kernels (default: mixed precision, see {@link Precision}) and by
 * {@code :hostlist} or {@code :devicelist} for where the neighbour list is built (see {@link NeighborSearch}).
 * Without indices the first GPU or accelerator is used, else device 0:0 (e.g. PoCL on the CPU):
 * <pre>{@code
 * ForceField ff = NnpForceField.load("opencl");          // platform 0, device 0
 * ForceField ff = NnpForceField.load("opencl:1:0");      // second platform's first device
 * }</pre>
 */
public final class OpenClBackend implements Backend {
    /** Device memory a model kernel may use, as a share of the device's global memory. */
    static final double MEMORY_SHARE = 0.6;
    /** {@link #speed()} when the default device is a GPU or accelerator. */
    static final double GPU_SPEED = 50;
    /**
     * {@link #speed()} when the default device is a CPU (PoCL): measured 11× the reference and 6× the
     * {@code cpu} backend (speed 5) on a 33-atom molecule in one {@code cdk-nnp bench} run (docs/benchmarks.md),
     * so {@code auto} prefers it there; likewise for the score network: 2–11× the {@code cpu} backend per call
     * for 1 to 32 conformers of a 40-atom molecule in four bench runs (docs/opencl.md).
     */
    static final double CPU_DEVICE_SPEED = 10;

    private volatile String status;
    private volatile boolean available;
    private volatile int[] defaultDevice = {0, 0};
    private volatile boolean defaultIsGpu;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public boolean isAvailable() {
        probe();
        return available;
    }

    @Override
    public double speed() {
        probe();
        return defaultIsGpu ? GPU_SPEED : CPU_DEVICE_SPEED;
    }

    @Override
    public String describe() {
        probe();
        return status;
    }

    @Override
    public ModelKernel createPainn(PainnParameters parameters, String device) {
        return createPainn(parameters, device, -1);
    }

    /**
     * A model kernel with an explicit device-memory budget in bytes (batches needing more are split);
     * a negative budget means {@link #MEMORY_SHARE} of the device's global memory.
     */
    ModelKernel createPainn(PainnParameters parameters, String device, long memoryBudget) {
        Selector s = Selector.parse(device);
        if (s.platform() < 0) {
            probe();
            s = new Selector(defaultDevice[0], defaultDevice[1], s.precision(), s.neighbors());
        }
        ClDevice d = ClDevice.open(s.platform(), s.device());
        long budget = memoryBudget >= 0 ? memoryBudget : (long) (MEMORY_SHARE * d.globalMemory());
        return new OpenClPainn(parameters, d, s.precision(), s.neighbors(), budget);
    }

    @Override
    public ScoreKernel createScoreNet(ScoreNetParameters parameters, String device) {
        return createScoreNet(parameters, device, -1);
    }

    /** A score-network kernel with an explicit device-memory budget in bytes, as {@link #createPainn(PainnParameters, String, long)}. */
    ScoreKernel createScoreNet(ScoreNetParameters parameters, String device, long memoryBudget) {
        Selector s = Selector.parse(device);
        probe();
        boolean byDefault = s.platform() < 0;
        ClDevice d = ClDevice.open(byDefault ? defaultDevice[0] : s.platform(), byDefault ? defaultDevice[1] : s.device());
        return new OpenClScoreNet(parameters, d, s.precision(), memoryBudget >= 0 ? memoryBudget
                : (long) (MEMORY_SHARE * d.globalMemory()));
    }

    private synchronized void probe() {
        if (status != null) {
            return;
        }
        try {
            CLPlatform[] platforms = ClDevice.platforms();
            StringBuilder sb = new StringBuilder();
            boolean gpuFound = false;
            for (int p = 0; p < platforms.length; p++) {
                CLDevice[] devices = platforms[p].listCLDevices();
                for (int d = 0; d < devices.length; d++) {
                    boolean gpu = devices[d].getType() == CLDevice.Type.GPU || devices[d].getType() == CLDevice.Type.ACCELERATOR;
                    if (gpu && !gpuFound) {
                        gpuFound = true;
                        defaultDevice = new int[]{p, d};
                    }
                    sb.append(sb.length() == 0 ? "" : "; ").append(p).append(':').append(d).append(' ')
                            .append(devices[d].getName().trim()).append(" (").append(platforms[p].getName().trim())
                            .append(devices[d].isDoubleFPAvailable() ? ", fp64)" : ", no fp64)");
                }
            }
            available = sb.length() > 0;
            defaultIsGpu = gpuFound;
            status = available ? "OpenCL, mixed precision; default device " + defaultDevice[0] + ":" + defaultDevice[1]
                    + "; devices " + sb
                    : "no OpenCL device found (" + platforms.length + " platform(s)); install a driver, e.g. "
                            + "apt-get install pocl-opencl-icd ocl-icd-libopencl1";
        } catch (BackendUnavailableException e) {
            available = false;
            status = e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            available = false;
            status = "OpenCL unusable here: " + e;
        }
    }

    /** A parsed device selector. */
    record Selector(int platform, int device, Precision precision, NeighborSearch neighbors) {
        /**
         * Parses {@code [platform:device][:double|:mixed][:hostlist|:devicelist]}; platform -1 when no indices
         * are given (the default device).
         */
        static Selector parse(String text) {
            String[] parts = text == null || text.isBlank() ? new String[0] : text.trim().split(":");
            int platform = -1;
            int device = 0;
            Precision precision = Precision.MIXED;
            NeighborSearch neighbors = NeighborSearch.DEFAULT;
            int index = 0;
            try {
                for (String part : parts) {
                    if (part.equalsIgnoreCase("double") || part.equalsIgnoreCase("fp64")) {
                        precision = Precision.DOUBLE;
                    } else if (part.equalsIgnoreCase("mixed")) {
                        precision = Precision.MIXED;
                    } else if (part.equalsIgnoreCase("hostlist")) {
                        neighbors = NeighborSearch.HOST;
                    } else if (part.equalsIgnoreCase("devicelist")) {
                        neighbors = NeighborSearch.DEVICE;
                    } else if (index == 0) {
                        platform = Integer.parseInt(part.trim());
                        index++;
                    } else if (index == 1) {
                        device = Integer.parseInt(part.trim());
                        index++;
                    } else {
                        throw new NumberFormatException("too many fields");
                    }
                }
            } catch (NumberFormatException e) {
                throw new BackendUnavailableException("bad OpenCL device selector '" + text
                        + "': expected platform:device[:double][:hostlist|:devicelist], e.g. 0:0");
            }
            return new Selector(platform, device, precision, neighbors);
        }
    }
}
