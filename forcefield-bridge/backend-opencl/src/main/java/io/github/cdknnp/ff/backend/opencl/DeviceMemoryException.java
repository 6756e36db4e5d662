package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLException;
import io.github.cdknnp.ff.CalculationException;

/** The device ran out of memory or resources for a batch; the caller splits the batch and retries. */
final class DeviceMemoryException extends RuntimeException {
    static final int CL_MEM_OBJECT_ALLOCATION_FAILURE = -4;
    static final int CL_OUT_OF_RESOURCES = -5;
    static final int CL_OUT_OF_HOST_MEMORY = -6;

    DeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether an OpenCL error means "too big", which splitting the batch can cure. */
    static boolean isOutOfMemory(CLException e) {
        return e.errorcode == CL_MEM_OBJECT_ALLOCATION_FAILURE || e.errorcode == CL_OUT_OF_RESOURCES
                || e.errorcode == CL_OUT_OF_HOST_MEMORY;
    }

    /**
     * What an OpenCL error during an evaluation becomes: a {@code DeviceMemoryException} when splitting can cure
     * it (after draining the queue, so that the retry starts clean), else a {@link CalculationException}.
     */
    static RuntimeException of(CLException e, ClDevice device) {
        if (!isOutOfMemory(e)) {
            return new CalculationException("OpenCL evaluation failed on " + device + ": " + e.getMessage(), e);
        }
        try {
            device.queue.finish();
        } catch (CLException ignored) {
            // the queue reports the same failure; the retry starts from a clean workspace
        }
        return new DeviceMemoryException("device out of resources: " + e.getMessage(), e);
    }
}
