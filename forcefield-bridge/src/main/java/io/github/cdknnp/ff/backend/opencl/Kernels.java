package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLKernel;
import com.jogamp.opencl.CLMemory;
import com.jogamp.opencl.CLProgram;
import java.util.HashMap;
import java.util.Map;

/**
 * The compiled kernels of one program and a small launcher: arguments in order, then a 1D launch over
 * {@code count} work-items rounded up to the kernel's work-group size (the device's preferred multiple,
 * at most {@value #TARGET_GROUP}). Work-groups of 128 fill a GPU's warps/wavefronts several times and
 * let PoCL vectorize across work-items; every kernel guards its tail.
 */
final class Kernels {
    static final int TARGET_GROUP = 128;

    final Precision precision;
    private final ClDevice device;
    private final Map<String, CLKernel> kernels;
    private final Map<String, Integer> groupSizes = new HashMap<>();

    Kernels(ClDevice device, CLProgram program, Precision precision) {
        this.device = device;
        this.kernels = program.createCLKernels();
        this.precision = precision;
    }

    /** Starts a launch of the named kernel. */
    Launch launch(String name) {
        CLKernel k = kernels.get(name);
        if (k == null) {
            throw new IllegalStateException("no kernel " + name);
        }
        k.rewind();
        return new Launch(k, groupSize(name, k));
    }

    private int groupSize(String name, CLKernel k) {
        return groupSizes.computeIfAbsent(name, n -> {
            long max = Math.min(k.getWorkGroupSize(device.device), device.device.getMaxWorkGroupSize());
            long multiple = Math.max(1, k.getPreferredWorkGroupSizeMultiple(device.device));
            long size = Math.min(max, TARGET_GROUP);
            if (size >= multiple) {
                size -= size % multiple;
            }
            return (int) Math.max(1, size);
        });
    }

    /** Arguments for one kernel launch, set in declaration order. */
    final class Launch {
        private final CLKernel kernel;
        private final int group;

        Launch(CLKernel kernel, int group) {
            this.kernel = kernel;
            this.group = group;
        }

        Launch mem(CLMemory<?> buffer) {
            kernel.putArg(buffer);
            return this;
        }

        Launch i(int value) {
            kernel.putArg(value);
            return this;
        }

        /** A {@code real} scalar: float or double depending on the precision. */
        Launch r(double value) {
            if (precision == Precision.DOUBLE) {
                kernel.putArg(value);
            } else {
                kernel.putArg((float) value);
            }
            return this;
        }

        /** Enqueues over {@code count} work-items; nothing when count is 0. */
        void run(long count) {
            if (count <= 0) {
                return;
            }
            long global = (count + group - 1) / group * group;
            device.queue.put1DRangeKernel(kernel, 0, global, group);
        }
    }
}
