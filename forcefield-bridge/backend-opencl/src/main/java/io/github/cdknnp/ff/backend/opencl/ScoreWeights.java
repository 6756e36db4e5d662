package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import io.github.cdknnp.ff.model.Dense;
import io.github.cdknnp.ff.model.ScoreNetParameters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A score network's weights on one device, uploaded once per score kernel. Dense layers are stored transposed
 * ({@code [in][out]}, as painn.cl's {@code linear} kernels read them), with a bias (zeros when the layer has none).
 */
final class ScoreWeights {
    /** One dense layer on the device. */
    record Layer(CLBuffer<ByteBuffer> matrix, CLBuffer<ByteBuffer> bias, int in, int out) {
    }

    final CLBuffer<ByteBuffer> atomEmbedding;
    final CLBuffer<ByteBuffer> edgeEmbedding;
    final Layer distance1;
    final Layer distance2;
    final List<Layer> gin1 = new ArrayList<>();
    final List<Layer> gin2 = new ArrayList<>();
    final Layer output1;
    final Layer output2;
    final CLBuffer<ByteBuffer> output3;
    final double output3Bias;
    private final ClDevice device;
    private final Precision precision;

    ScoreWeights(ClDevice device, Precision precision, ScoreNetParameters p) {
        this.device = device;
        this.precision = precision;
        atomEmbedding = upload(DeviceWeights.flat(p.atomEmbedding()));
        edgeEmbedding = upload(DeviceWeights.flat(p.edgeEmbedding()));
        distance1 = layer(p.distance1());
        distance2 = layer(p.distance2());
        for (ScoreNetParameters.GinLayer l : p.layers()) {
            gin1.add(layer(l.mlp1()));
            gin2.add(layer(l.mlp2()));
        }
        output1 = layer(p.output1());
        output2 = layer(p.output2());
        output3 = upload(DeviceWeights.forward(p.output3()));
        output3Bias = p.output3().bias(0);
        device.queue.finish();
    }

    /** Releases every device buffer (when the owning score kernel is garbage-collected). */
    void release() {
        List<Layer> layers = new ArrayList<>(List.of(distance1, distance2, output1, output2));
        layers.addAll(gin1);
        layers.addAll(gin2);
        for (Layer l : layers) {
            l.matrix().release();
            l.bias().release();
        }
        atomEmbedding.release();
        edgeEmbedding.release();
        output3.release();
    }

    private Layer layer(Dense d) {
        return new Layer(upload(DeviceWeights.forward(d)), upload(DeviceWeights.bias(d)), d.inputs(), d.outputs());
    }

    private CLBuffer<ByteBuffer> upload(double[] values) {
        return DeviceWeights.upload(device, precision, values);
    }
}
