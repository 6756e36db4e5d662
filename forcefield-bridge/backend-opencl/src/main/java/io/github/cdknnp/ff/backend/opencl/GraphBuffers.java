package io.github.cdknnp.ff.backend.opencl;

import com.jogamp.opencl.CLBuffer;

/**
 * A batch's neighbour graph on the device, built on the host ({@link BatchGraph}) or on the device
 * ({@link DeviceNeighborList}): pairs i &lt; j with their displacement R_j − R_i ([P][3] reals), and the
 * directed edges as a CSR by receiving atom ({@code rowStart[N+1]}, {@code nbr[E]}, {@code epair[E]},
 * E = 2P). The pair buffers hold {@code pairRows} pairs, over which pair kernels are launched;
 * {@code pairCount} holds, on the device, the pairs in use and the pairs the batch needs (both P unless the
 * device list overflowed the capacity: then 0 and the count it needs).
 */
record GraphBuffers(int pairRows, CLBuffer<?> rij, CLBuffer<?> rowStart, CLBuffer<?> nbr, CLBuffer<?> epair,
        CLBuffer<?> pairI, CLBuffer<?> pairJ, CLBuffer<?> pairCount) {
}
