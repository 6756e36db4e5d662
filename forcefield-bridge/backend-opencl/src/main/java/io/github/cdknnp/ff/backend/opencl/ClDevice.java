package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLCommandQueue;
import com.jogamp.opencl.CLContext;
import com.jogamp.opencl.CLDevice;
import com.jogamp.opencl.CLException;
import com.jogamp.opencl.CLPlatform;
import com.jogamp.opencl.CLProgram;
import io.github.cdknnp.ff.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenCL device with its context, in-order command queue and compiled programs (one per precision and
 * vector width, built on first use; each holds every model's kernels). Devices are opened once per JVM, like the
 * driver beneath them: compiling the programs takes seconds, and what a model allocates on a device (weights,
 * workspaces) is freed with the model, not with the device. Every method that touches the queue is called under this
 * object's lock.
 */
final class ClDevice {
    /**
     * Kernel sources, compiled as one program: PaiNN's, the device neighbour list's, then the score network's (the
     * last two use PaiNN's helpers).
     * ASCII only (checked): JOCL passes the source length in characters, so multi-byte characters truncate it.
     */
    private static final List<String> SOURCES = List.of("painn.cl", "neighbors.cl", "scorenet.cl");
    private static final Map<String, ClDevice> OPEN = new HashMap<>();

    final CLContext context;
    final CLDevice device;
    final CLCommandQueue queue;
    final boolean fp64;
    private final String description;
    private final Map<String, Kernels> programs = new HashMap<>();
    /** Per kernel, when profiling ({@link Kernels#PROFILE}): total launch nanoseconds and launches. */
    private final Map<String, long[]> launchTimes = new java.util.TreeMap<>();

    private ClDevice(CLDevice device, String description) {
        this.context = CLContext.create(device);
        this.device = context.getDevices()[0];
        this.queue = this.device.createCommandQueue();
        this.fp64 = this.device.isDoubleFPAvailable();
        this.description = description;
    }

    /**
     * The device {@code platform:device} (indices as {@code clinfo -l} lists them), opened once and cached.
     *
     * @throws BackendUnavailableException when OpenCL cannot load or the indices name no device
     */
    static synchronized ClDevice open(int platform, int device) {
        String key = platform + ":" + device;
        ClDevice open = OPEN.get(key);
        if (open != null) {
            return open;
        }
        CLPlatform[] platforms = platforms();
        if (platform < 0 || platform >= platforms.length) {
            throw new BackendUnavailableException("no OpenCL platform " + platform + " (found " + platforms.length
                    + "); selector is opencl:platform:device, e.g. opencl:0:0");
        }
        CLDevice[] devices = platforms[platform].listCLDevices();
        if (device < 0 || device >= devices.length) {
            throw new BackendUnavailableException("OpenCL platform " + platform + " (" + platforms[platform].getName()
                    + ") has no device " + device + " (found " + devices.length + ")");
        }
        try {
            open = new ClDevice(devices[device], "opencl:" + key + " " + devices[device].getName().trim()
                    + " on " + platforms[platform].getName().trim());
        } catch (CLException e) {
            throw new BackendUnavailableException("cannot open OpenCL device " + key + ": " + e.getMessage(), e);
        }
        OPEN.put(key, open);
        return open;
    }

    /** Every OpenCL platform; throws BackendUnavailableException when the library or ICD loader is missing. */
    static CLPlatform[] platforms() {
        try {
            return CLPlatform.listCLPlatforms();
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("OpenCL is not usable here (no ICD loader libOpenCL.so.1 or no "
                    + "platform; on Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd): " + e, e);
        }
    }

    /**
     * The kernels for one precision and channel-vector width (8, 4 or 1; the model's feature count must be a
     * multiple), compiled on first request and cached.
     */
    synchronized Kernels kernels(Precision precision, int vectorWidth) {
        String key = precision + "/" + vectorWidth;
        Kernels k = programs.get(key);
        if (k == null) {
            if (precision == Precision.DOUBLE && !fp64) {
                throw new BackendUnavailableException(description + " has no fp64 support; use the mixed precision");
            }
            k = new Kernels(this, build(precision, vectorWidth), precision, vectorWidth);
            programs.put(key, k);
        }
        return k;
    }

    private CLProgram build(Precision precision, int vectorWidth) {
        String options = "-cl-fp32-correctly-rounded-divide-sqrt -D VW=" + vectorWidth + (fp64 ? " -D CDKNNP_FP64" : "")
                + (precision == Precision.DOUBLE ? " -D CDKNNP_DOUBLE" : "");
        CLProgram program = context.createProgram(source());
        try {
            return program.build(options);
        } catch (CLException e) {
            String log;
            try {
                log = program.getBuildLog();
            } catch (CLException again) {
                log = "(build log unavailable: " + again.getMessage() + ")";
            }
            throw new BackendUnavailableException("OpenCL kernel build failed on " + description + " with options '"
                    + options + "':\n" + log, e);
        }
    }

    private static String source() {
        StringBuilder program = new StringBuilder();
        for (String name : SOURCES) {
            try (InputStream in = ClDevice.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new BackendUnavailableException("missing kernel resource " + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
                    throw new BackendUnavailableException("kernel resource " + name + " is not ASCII");
                }
                program.append(text).append('\n');
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot read kernel resource " + name, e);
            }
        }
        return program.toString();
    }

    /** Global memory in bytes. */
    long globalMemory() {
        return device.getGlobalMemSize();
    }

    /** Largest single buffer in bytes (capped at what a Java int can address). */
    long maxAllocation() {
        return Math.min(device.getMaxMemAllocSize(), Integer.MAX_VALUE - 8);
    }

    @Override
    public String toString() {
        return description + (fp64 ? ", fp64" : ", no fp64");
    }

    synchronized void recordLaunch(String kernel, long nanos) {
        long[] t = launchTimes.computeIfAbsent(kernel, k -> new long[2]);
        t[0] += nanos;
        t[1]++;
    }

    synchronized void resetProfile() {
        launchTimes.clear();
    }

    /** Accumulated launch times on this device when profiling: kernel, launches, total ms. */
    synchronized String profile() {
        StringBuilder sb = new StringBuilder();
        launchTimes.forEach((k, t) -> sb.append(String.format(java.util.Locale.ROOT, "%-20s %8d %10.1f ms%n", k, t[1],
                t[0] / 1e6)));
        return sb.toString();
    }
}
