package io.github.cdknnp.ff.backend.opencl;

/**
 * Where the OpenCL backend builds the neighbour list: on the host ({@link BatchGraph}, a cell list, uploaded)
 * or on the device ({@link DeviceNeighborList}, from the uploaded positions). Both give the same pairs in the
 * same order, hence bit-identical energies and forces. {@link #DEVICE} falls back to the host for devices
 * without fp64 and for molecules above {@link DeviceNeighborList#MAX_MOLECULE} atoms.
 */
enum NeighborSearch {
    HOST,
    DEVICE;

    /** The default (chosen by measurement, docs/opencl.md). */
    static final NeighborSearch DEFAULT = DEVICE;
}
