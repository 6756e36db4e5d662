package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import com.jogamp.opencl.CLException;
import com.jogamp.opencl.CLMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Persistent device buffers of one model kernel, by name. A buffer is reallocated only when a batch needs
 * more than its capacity (then with 50% headroom), so steady-state MD or optimization allocates nothing.
 * Allocations beyond {@code budget} bytes, or failing on the device, raise {@link DeviceMemoryException}.
 */
final class Workspace {
    private final ClDevice device;
    private final long budget;
    private final Map<String, CLBuffer<?>> buffers = new HashMap<>();
    private long allocated;

    Workspace(ClDevice device, long budget) {
        this.device = device;
        this.budget = budget;
    }

    /** A device-only buffer of at least {@code bytes}. */
    CLBuffer<?> scratch(String name, long bytes) {
        return ensure(name, bytes, false);
    }

    /** Uploads ints into the named buffer. */
    CLBuffer<?> upload(String name, int[] values, int count) {
        @SuppressWarnings("unchecked")
        CLBuffer<ByteBuffer> buf = (CLBuffer<ByteBuffer>) ensure(name, 4L * count, true);
        ByteBuffer host = host(buf);
        for (int k = 0; k < count; k++) {
            host.putInt(values[k]);
        }
        write(buf, host);
        return buf;
    }

    /** Uploads values as {@code real} (float or double) into the named buffer. */
    CLBuffer<?> upload(String name, double[] values, int count, boolean asDouble) {
        @SuppressWarnings("unchecked")
        CLBuffer<ByteBuffer> buf = (CLBuffer<ByteBuffer>) ensure(name, (asDouble ? 8L : 4L) * count, true);
        ByteBuffer host = host(buf);
        for (int k = 0; k < count; k++) {
            if (asDouble) {
                host.putDouble(values[k]);
            } else {
                host.putFloat((float) values[k]);
            }
        }
        write(buf, host);
        return buf;
    }

    /** A host-readable buffer of at least {@code bytes}, for results. */
    CLBuffer<?> result(String name, long bytes) {
        return ensure(name, bytes, true);
    }

    /** Reads {@code count} float or double values of a result buffer (blocking). */
    double[] download(CLBuffer<?> buffer, int count, boolean asDouble) {
        @SuppressWarnings("unchecked")
        CLBuffer<ByteBuffer> buf = (CLBuffer<ByteBuffer>) buffer;
        ByteBuffer host = host(buf);
        host.limit(count * (asDouble ? 8 : 4));
        device.queue.putReadBuffer(buf, true);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = asDouble ? host.getDouble() : host.getFloat();
        }
        host.clear();
        return out;
    }

    /**
     * Enqueues a non-blocking read of the first {@code count} ints of a host-backed buffer into its host copy;
     * the values are valid once a later blocking read has returned (the queue is in order).
     */
    IntBuffer readInts(CLBuffer<?> buffer, int count) {
        @SuppressWarnings("unchecked")
        CLBuffer<ByteBuffer> buf = (CLBuffer<ByteBuffer>) buffer;
        ByteBuffer host = host(buf);
        host.limit(4 * count);
        device.queue.putReadBuffer(buf, false);
        IntBuffer values = host.asIntBuffer();
        host.clear();
        return values;
    }

    /** Releases every buffer (after running out of memory, before retrying with smaller batches). */
    void releaseAll() {
        for (CLBuffer<?> b : buffers.values()) {
            b.release();
        }
        buffers.clear();
        allocated = 0;
    }

    /** Bytes currently allocated. */
    long allocated() {
        return allocated;
    }

    private static ByteBuffer host(CLBuffer<ByteBuffer> buf) {
        ByteBuffer host = buf.getBuffer().order(ByteOrder.nativeOrder());
        host.clear();
        return host;
    }

    /**
     * Non-blocking upload from the buffer's own host copy: the in-order queue orders it before the kernels,
     * and the host copy is next written only in a later evaluation, after that one's blocking read.
     */
    private void write(CLBuffer<ByteBuffer> buf, ByteBuffer host) {
        host.flip();
        if (host.limit() > 0) {
            device.queue.putWriteBuffer(buf, false);
        }
        host.clear();
    }

    private CLBuffer<?> ensure(String name, long bytes, boolean hostBacked) {
        long need = Math.max(bytes, 16);
        CLBuffer<?> old = buffers.get(name);
        // a device-only buffer of the same name (the other neighbour list made it) cannot serve for uploads
        if (old != null && old.getCLSize() >= need && (!hostBacked || old.getBuffer() != null)) {
            return old;
        }
        long oldSize = old == null ? 0 : old.getCLSize();
        long size = Math.min(Math.max(need, oldSize + oldSize / 2), device.maxAllocation());
        if (need > device.maxAllocation() || allocated - oldSize + need > budget) {
            throw new DeviceMemoryException("batch needs " + (allocated - oldSize + need) + " bytes of device memory, "
                    + "budget " + budget + " (largest buffer " + device.maxAllocation() + ")", null);
        }
        if (allocated - oldSize + size > budget) {
            size = need;
        }
        if (old != null) {
            old.release();
            buffers.remove(name);
            allocated -= oldSize;
        }
        try {
            CLBuffer<?> buf = hostBacked
                    ? device.context.createByteBuffer((int) size, CLMemory.Mem.READ_WRITE)
                    : device.context.createBuffer((int) size, CLMemory.Mem.READ_WRITE);
            buffers.put(name, buf);
            allocated += size;
            return buf;
        } catch (CLException e) {
            if (DeviceMemoryException.isOutOfMemory(e)) {
                throw new DeviceMemoryException("device allocation of " + size + " bytes failed", e);
            }
            throw e;
        } catch (OutOfMemoryError e) {
            throw new DeviceMemoryException("host staging allocation of " + size + " bytes failed", e);
        }
    }
}
