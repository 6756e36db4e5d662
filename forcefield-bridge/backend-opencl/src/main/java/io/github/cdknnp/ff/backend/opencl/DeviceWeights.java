package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import com.jogamp.opencl.CLMemory;
import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.PainnParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A PaiNN model's weights on one device, uploaded once per model kernel. Each dense layer is stored twice:
 * transposed ({@code [in][out]}, for the forward pass) and as stored ({@code [out][in]}, for the backward
 * pass), so that in both directions neighbouring work-items read neighbouring weights.
 */
final class DeviceWeights {
    /**
     * One dense layer on the device; the backward matrix has {@code paddedIn} ≥ {@code in} columns (zeros
     * beyond {@code in}) so that the input-gradient product can use wide vectors.
     */
    record Layer(CLBuffer<ByteBuffer> forward, CLBuffer<ByteBuffer> backward, CLBuffer<ByteBuffer> bias, int in, int out,
            int paddedIn) {
    }

    /** One interaction + mixing block on the device. */
    record Block(Layer context1, Layer context2, Layer filter, Layer channel, Layer mlp1, Layer mlp2) {
    }

    final List<Block> blocks = new ArrayList<>();
    final CLBuffer<ByteBuffer> embedding;
    final Layer readout1;
    final CLBuffer<ByteBuffer> readout2;
    final double readout2Bias;
    /** Row stride of the radial basis and its gradient: K rounded up to 16 when K ≥ 48 (wide filter-gradient vectors). */
    final int rbfStride;
    private final ClDevice device;
    private final Precision precision;

    DeviceWeights(ClDevice device, Precision precision, PainnParameters p) {
        this.device = device;
        this.precision = precision;
        embedding = upload(flat(p.embedding()));
        int radial = p.rbfCount();
        rbfStride = radial % 16 != 0 && radial >= 48 ? (radial + 15) / 16 * 16 : radial;
        for (PainnParameters.Layer l : p.layers()) {
            blocks.add(new Block(layer(l.context1()), layer(l.context2()), layer(l.filter(), rbfStride), layer(l.channel()),
                    layer(l.mlp1()), layer(l.mlp2())));
        }
        readout1 = layer(p.readout1());
        readout2 = upload(forward(p.readout2()));
        readout2Bias = p.readout2().bias(0);
        device.queue.finish();
    }

    private Layer layer(Dense d) {
        return layer(d, d.inputs());
    }

    private Layer layer(Dense d, int paddedIn) {
        int in = d.inputs();
        int out = d.outputs();
        double[] bwd = new double[paddedIn * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                bwd[o * paddedIn + i] = d.weight(o, i);
            }
        }
        return new Layer(upload(forward(d)), upload(bwd), d.hasBias() ? upload(bias(d)) : null, in, out, paddedIn);
    }

    /** A layer's weights transposed, {@code [in][out]}, as the dense kernels read them (for one output: W's row). */
    static double[] forward(Dense d) {
        int in = d.inputs();
        int out = d.outputs();
        double[] m = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                m[i * out + o] = d.weight(o, i);
            }
        }
        return m;
    }

    /** A layer's bias, zeros when it has none. */
    static double[] bias(Dense d) {
        double[] b = new double[d.outputs()];
        for (int o = 0; o < b.length; o++) {
            b[o] = d.bias(o);
        }
        return b;
    }

    /** Rows of equal length, concatenated. */
    static double[] flat(double[][] rows) {
        int width = rows[0].length;
        double[] flat = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }

    /** Releases every device buffer (when the owning model kernel is garbage-collected). */
    void release() {
        for (Block b : blocks) {
            for (Layer l : List.of(b.context1(), b.context2(), b.filter(), b.channel(), b.mlp1(), b.mlp2())) {
                release(l);
            }
        }
        release(readout1);
        embedding.release();
        readout2.release();
    }

    private static void release(Layer l) {
        l.forward().release();
        l.backward().release();
        if (l.bias() != null) {
            l.bias().release();
        }
    }

    private CLBuffer<ByteBuffer> upload(double[] values) {
        return upload(device, precision, values);
    }

    /** A read-only device buffer holding {@code values} as {@code real}s (the write is enqueued, not awaited). */
    static CLBuffer<ByteBuffer> upload(ClDevice device, Precision precision, double[] values) {
        CLBuffer<ByteBuffer> buf = device.context.createByteBuffer(Math.max(1, values.length) * precision.realBytes(),
                CLMemory.Mem.READ_ONLY);
        ByteBuffer host = buf.getBuffer().order(ByteOrder.nativeOrder());
        host.clear();
        for (double v : values) {
            if (precision == Precision.DOUBLE) {
                host.putDouble(v);
            } else {
                host.putFloat((float) v);
            }
        }
        host.rewind();
        device.queue.putWriteBuffer(buf, false);
        return buf;
    }
}
