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
        double[] emb = new double[p.embedding().length * p.features()];
        for (int e = 0; e < p.embedding().length; e++) {
            System.arraycopy(p.embedding()[e], 0, emb, e * p.features(), p.features());
        }
        embedding = upload(emb);
        int radial = p.rbfCount();
        rbfStride = radial % 16 != 0 && radial >= 48 ? (radial + 15) / 16 * 16 : radial;
        for (PainnParameters.Layer l : p.layers()) {
            blocks.add(new Block(layer(l.context1()), layer(l.context2()), layer(l.filter(), rbfStride), layer(l.channel()),
                    layer(l.mlp1()), layer(l.mlp2())));
        }
        readout1 = layer(p.readout1());
        double[] w2 = new double[p.readout2().inputs()];
        for (int k = 0; k < w2.length; k++) {
            w2[k] = p.readout2().weight(0, k);
        }
        readout2 = upload(w2);
        readout2Bias = p.readout2().bias(0);
        device.queue.finish();
    }

    private Layer layer(Dense d) {
        return layer(d, d.inputs());
    }

    private Layer layer(Dense d, int paddedIn) {
        int in = d.inputs();
        int out = d.outputs();
        double[] fwd = new double[in * out];
        double[] bwd = new double[paddedIn * out];
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            b[o] = d.bias(o);
            for (int i = 0; i < in; i++) {
                fwd[i * out + o] = d.weight(o, i);
                bwd[o * paddedIn + i] = d.weight(o, i);
            }
        }
        return new Layer(upload(fwd), upload(bwd), d.hasBias() ? upload(b) : null, in, out, paddedIn);
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
