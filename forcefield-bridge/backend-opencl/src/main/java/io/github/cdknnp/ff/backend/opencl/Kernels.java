package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLKernel;
import com.jogamp.opencl.CLMemory;
import com.jogamp.opencl.CLProgram;
import java.util.HashMap;
import java.util.Map;

/**
 * The compiled kernels of one program and a small launcher: arguments in order, then either a 1D launch
 * over {@code count} work-items rounded up to the kernel's work-group size (a multiple of the kernel's
 * preferred size, at most {@value #TARGET_GROUP}; those kernels guard their tail) or a 2D launch of
 * {@code width × rows} whose work-groups are one row's work-items (the largest divisor of the width that
 * the kernel allows). Work-groups of up to 128 fill a GPU's warps/wavefronts several times and let PoCL
 * vectorize loop-free kernels across work-items.
 */
final class Kernels {
    static final int TARGET_GROUP = 128;
    /** Set the system property {@code cdknnp.opencl.profile=true} to time every launch (synchronously). */
    static final boolean PROFILE = Boolean.getBoolean("cdknnp.opencl.profile");

    final Precision precision;
    /** Channels per work-item in the pair kernels (VW in painn.cl). */
    final int vectorWidth;
    private final ClDevice device;
    private final Map<String, CLKernel> kernels;
    private final Map<String, Integer> groupSizes = new HashMap<>();
    private final Map<String, Integer> maxGroups = new HashMap<>();

    Kernels(ClDevice device, CLProgram program, Precision precision, int vectorWidth) {
        this.device = device;
        this.vectorWidth = vectorWidth;
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
        return new Launch(name, k, groupSize(name, k), maxGroupSize(name, k));
    }

    private int maxGroupSize(String name, CLKernel k) {
        return maxGroups.computeIfAbsent(name, n -> (int) Math.min(k.getWorkGroupSize(device.device),
                device.device.getMaxWorkGroupSize()));
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
        private final String name;
        private final CLKernel kernel;
        private final int group;
        private final int maxGroup;

        Launch(String name, CLKernel kernel, int group, int maxGroup) {
            this.name = name;
            this.kernel = kernel;
            this.group = group;
            this.maxGroup = maxGroup;
        }

        Launch mem(CLMemory<?> buffer) {
            kernel.putArg(buffer);
            return this;
        }

        Launch i(int value) {
            kernel.putArg(value);
            return this;
        }

        /** A float64 scalar, whatever the precision. */
        Launch d(double value) {
            kernel.putArg(value);
            return this;
        }

        /** Local memory of {@code bytesPerItem} per work-item of the group {@link #run} uses. */
        Launch local(int bytesPerItem) {
            kernel.putNullArg(bytesPerItem * group);
            return this;
        }

        /** Work-items per work-group of {@link #run}. */
        int group() {
            return group;
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
            enqueue(global, 1, group);
        }

        /** Enqueues one work-group. */
        void runGroup() {
            enqueue(group, 1, group);
        }

        /**
         * Enqueues a 2D range of {@code width} × {@code rows} work-items (dimension 0 across a row), with
         * work-groups of one row's work-items, or the largest divisor of {@code width} that fits a group.
         */
        void runRows(int width, long rows) {
            if (width <= 0 || rows <= 0) {
                return;
            }
            int local = 1;
            for (int d = Math.min(width, Math.max(group, TARGET_GROUP)); d >= 1; d--) {
                if (width % d == 0 && d <= maxGroup) {
                    local = d;
                    break;
                }
            }
            enqueue(width, rows, local);
        }

        private void enqueue(long globalX, long globalY, int localX) {
            if (!PROFILE) {
                put(globalX, globalY, localX);
                return;
            }
            device.queue.finish();
            long start = System.nanoTime();
            put(globalX, globalY, localX);
            device.queue.finish();
            device.recordLaunch(name, System.nanoTime() - start);
        }

        private void put(long globalX, long globalY, int localX) {
            if (globalY == 1) {
                device.queue.put1DRangeKernel(kernel, 0, globalX, localX);
            } else {
                device.queue.put2DRangeKernel(kernel, 0, 0, globalX, globalY, localX, 1);
            }
        }
    }
}
