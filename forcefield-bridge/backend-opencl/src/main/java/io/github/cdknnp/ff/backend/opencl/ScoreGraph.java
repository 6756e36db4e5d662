package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;
import com.jogamp.opencl.CLMemory;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One molecular graph's index arrays on the device, uploaded once per bind: atom and edge types, edge ends,
 * and the edges incident to each atom as a CSR in edge order (so every GIN sum gathers its terms in the
 * reference's order). Only edge lengths change between calls.
 */
final class ScoreGraph {
    final int atoms;
    final int edges;
    final CLBuffer<IntBuffer> atomType;
    final CLBuffer<IntBuffer> edgeType;
    final CLBuffer<IntBuffer> edgeI;
    final CLBuffer<IntBuffer> edgeJ;
    final CLBuffer<IntBuffer> rowStart;
    final CLBuffer<IntBuffer> nbr;
    final CLBuffer<IntBuffer> inc;
    private final List<CLBuffer<IntBuffer>> buffers = new ArrayList<>();
    private final ClDevice device;

    /**
     * Checks the graph against the model's tables and uploads it.
     *
     * @throws IllegalArgumentException when an index is outside its table or the edge arrays differ in length
     */
    ScoreGraph(ClDevice device, int elements, int edgeTypes, int[] atomType, int[] edgeI, int[] edgeJ, int[] edgeType) {
        this.device = device;
        atoms = atomType.length;
        edges = edgeI.length;
        if (edgeJ.length != edges || edgeType.length != edges) {
            throw new IllegalArgumentException("edge arrays differ in length");
        }
        check(atomType, elements, "atom type");
        check(edgeType, edgeTypes, "edge type");
        check(edgeI, atoms, "edge end");
        check(edgeJ, atoms, "edge end");
        int[] start = new int[atoms + 1];
        for (int e = 0; e < edges; e++) {
            start[edgeI[e] + 1]++;
            start[edgeJ[e] + 1]++;
        }
        for (int i = 0; i < atoms; i++) {
            start[i + 1] += start[i];
        }
        int[] next = start.clone();
        int[] other = new int[2 * edges];
        int[] edge = new int[2 * edges];
        for (int e = 0; e < edges; e++) {
            other[next[edgeI[e]]] = edgeJ[e];
            edge[next[edgeI[e]]++] = e;
            other[next[edgeJ[e]]] = edgeI[e];
            edge[next[edgeJ[e]]++] = e;
        }
        this.atomType = upload(atomType);
        this.edgeType = upload(edgeType);
        this.edgeI = upload(edgeI);
        this.edgeJ = upload(edgeJ);
        this.rowStart = upload(start);
        this.nbr = upload(other);
        this.inc = upload(edge);
    }

    private static void check(int[] values, int limit, String what) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] < 0 || values[k] >= limit) {
                throw new IllegalArgumentException(what + " " + values[k] + " at " + k + " is outside 0.." + (limit - 1));
            }
        }
    }

    private CLBuffer<IntBuffer> upload(int[] values) {
        CLBuffer<IntBuffer> buf = device.context.createIntBuffer(Math.max(1, values.length), CLMemory.Mem.READ_ONLY);
        buf.getBuffer().put(values).rewind();
        device.queue.putWriteBuffer(buf, false);
        buffers.add(buf);
        return buf;
    }

    /** Releases the device buffers (when the bound scorer is garbage-collected). */
    void release() {
        buffers.forEach(CLBuffer::release);
    }
}
