package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLException;

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
}
