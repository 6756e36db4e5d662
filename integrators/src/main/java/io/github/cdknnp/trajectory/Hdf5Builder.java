package io.github.cdknnp.trajectory;

import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HDF5 file described as a tree of groups, attributes and contiguous little-endian datasets, written in one pass
 * (superblock version 2, version-2 object headers, links and attributes stored in the headers): what an H5MD
 * trajectory needs and nothing more. A dataset's values may come from a {@link Spool} that a writer filled frame
 * by frame, so a long trajectory never has to sit in memory; {@link #write} copies each spool into place.
 * Checksums are HDF5's Jenkins lookup3 (jHDF's implementation).
 */
final class Hdf5Builder {
    private static final long UNDEFINED = -1L;
    private static final int SUPERBLOCK_SIZE = 48;
    private final Group root = new Group();

    /** The element types the trajectory writers use. */
    enum Type {
        INT32(4), INT64(8), FLOAT64(8);

        final int size;

        Type(int size) {
            this.size = size;
        }

        byte[] message() {
            Buffer b = new Buffer();
            if (this == FLOAT64) {  // IEEE 754 binary64: sign at bit 63, exponent 52..62 (bias 1023), mantissa 0..51
                b.u8(0x11).u8(0x20).u8(63).u8(0).u32(8).u16(0).u16(64).u8(52).u8(11).u8(0).u8(52).u32(1023);
            } else {  // signed two's complement
                b.u8(0x10).u8(0x08).u8(0).u8(0).u32(size).u16(0).u16(8 * size);
            }
            return b.bytes();
        }
    }

    /** The root group. */
    Group root() {
        return root;
    }

    /** A group: child groups and datasets by name, in insertion order, and attributes. */
    static final class Group {
        private final Map<String, Object> children = new LinkedHashMap<>();
        private final List<byte[]> attributes = new ArrayList<>();
        private long address;

        /** A new child group. */
        Group group(String name) {
            Group g = new Group();
            put(name, g);
            return g;
        }

        /** A new child dataset of {@code dims} elements of {@code type}, little-endian values in {@code values}. */
        Dataset dataset(String name, Type type, long[] dims, byte[] values) {
            Dataset d = new Dataset(type, dims, values, null);
            put(name, d);
            return d;
        }

        /** A new child dataset whose values are the contents of a spool (its length must match {@code dims}). */
        Dataset dataset(String name, Type type, long[] dims, Spool values) {
            Dataset d = new Dataset(type, dims, null, values);
            put(name, d);
            return d;
        }

        Group attribute(String name, int... values) {
            attributes.add(Hdf5Builder.attribute(name, Type.INT32.message(), dataspace(values.length == 1 ? null
                    : new long[] {values.length}), Buffer.ints(values)));
            return this;
        }

        Group attribute(String name, String value) {
            attributes.add(stringAttribute(name, value));
            return this;
        }

        Group attribute(String name, String[] values) {
            attributes.add(stringArrayAttribute(name, values));
            return this;
        }

        private void put(String name, Object child) {
            if (children.putIfAbsent(name, child) != null) {
                throw new IllegalArgumentException("duplicate HDF5 link name " + name);
            }
        }
    }

    /** A contiguous dataset. */
    static final class Dataset {
        private final Type type;
        private final long[] dims;
        private final byte[] values;
        private final Spool spool;
        private final List<byte[]> attributes = new ArrayList<>();
        private long dataAddress;
        private long address;

        private Dataset(Type type, long[] dims, byte[] values, Spool spool) {
            this.type = type;
            this.dims = dims.clone();
            this.values = values;
            this.spool = spool;
            long expected = type.size;
            for (long d : dims) {
                expected *= d;
            }
            long actual = values != null ? values.length : spool.bytes();
            if (actual != expected) {
                throw new IllegalArgumentException("dataset of " + expected + " bytes given " + actual);
            }
        }

        Dataset attribute(String name, String value) {
            attributes.add(stringAttribute(name, value));
            return this;
        }

        private long sizeInBytes() {
            return values != null ? values.length : spool.bytes();
        }
    }

    /** Writes the file: superblock, every dataset's values, then the object headers, children before parents. */
    void write(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.position(SUPERBLOCK_SIZE);
            writeValues(root, channel);
            writeHeaders(root, channel);
            long end = channel.position();
            Buffer superblock = new Buffer().raw(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'})
                    .u8(2).u8(8).u8(8).u8(0).u64(0).u64(UNDEFINED).u64(end).u64(root.address);
            channel.write(ByteBuffer.wrap(superblock.withChecksum()), 0);
        }
    }

    private static void writeValues(Group group, FileChannel channel) throws IOException {
        for (Object child : group.children.values()) {
            if (child instanceof Group g) {
                writeValues(g, channel);
            } else {
                Dataset d = (Dataset) child;
                d.dataAddress = d.sizeInBytes() == 0 ? UNDEFINED : channel.position();
                if (d.values != null) {
                    writeFully(channel, ByteBuffer.wrap(d.values));
                } else {
                    d.spool.copyTo(channel);
                }
            }
        }
    }

    private static void writeHeaders(Group group, FileChannel channel) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        // link info (no dense storage: fractal heap and name index undefined) and group info, then one link per child
        messages.add(message(0x02, new Buffer().u8(0).u8(0).u64(UNDEFINED).u64(UNDEFINED).bytes()));
        messages.add(message(0x0A, new Buffer().u8(0).u8(0).bytes()));
        for (Map.Entry<String, Object> e : group.children.entrySet()) {
            long address;
            if (e.getValue() instanceof Group g) {
                writeHeaders(g, channel);
                address = g.address;
            } else {
                Dataset d = (Dataset) e.getValue();
                d.address = writeHeader(channel, datasetMessages(d));
                address = d.address;
            }
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (name.length > 255) {
                throw new IllegalArgumentException("HDF5 link name longer than 255 bytes: " + e.getKey());
            }
            // version 1; flags 0x10: a character set field follows (1 = UTF-8); 1-byte name length; hard link
            messages.add(message(0x06, new Buffer().u8(1).u8(0x10).u8(1).u8(name.length).raw(name).u64(address).bytes()));
        }
        for (byte[] attribute : group.attributes) {
            messages.add(message(0x0C, attribute));
        }
        group.address = writeHeader(channel, messages);
    }

    private static List<byte[]> datasetMessages(Dataset d) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(0x01, dataspace(d.dims)));
        messages.add(message(0x03, d.type.message()));
        // fill value v3: space allocated early, fill value never written, none defined
        messages.add(message(0x05, new Buffer().u8(3).u8(0x01 | 0x04).bytes()));
        // data layout v3, contiguous: address and size
        messages.add(message(0x08, new Buffer().u8(3).u8(1).u64(d.dataAddress).u64(d.sizeInBytes()).bytes()));
        for (byte[] attribute : d.attributes) {
            messages.add(message(0x0C, attribute));
        }
        return messages;
    }

    /** A version-2 object header ("OHDR", one chunk with a 4-byte size) holding the messages, at the channel's position. */
    private static long writeHeader(FileChannel channel, List<byte[]> messages) throws IOException {
        int size = 0;
        for (byte[] m : messages) {
            size += m.length;
        }
        Buffer header = new Buffer().raw("OHDR".getBytes(StandardCharsets.US_ASCII)).u8(2).u8(0x02).u32(size);
        for (byte[] m : messages) {
            header.raw(m);
        }
        long address = channel.position();
        writeFully(channel, ByteBuffer.wrap(header.withChecksum()));
        return address;
    }

    /** A header message: type, size of its data, flags 0 (the data is neither constant nor shared), data. */
    private static byte[] message(int type, byte[] data) {
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("HDF5 header message of " + data.length + " bytes");
        }
        return new Buffer().u8(type).u16(data.length).u8(0).raw(data).bytes();
    }

    /** A dataspace message (version 2): scalar for null dims, else simple with these dimensions. */
    private static byte[] dataspace(long[] dims) {
        Buffer b = new Buffer().u8(2).u8(dims == null ? 0 : dims.length).u8(0).u8(dims == null ? 0 : 1);
        if (dims != null) {
            for (long d : dims) {
                b.u64(d);
            }
        }
        return b.bytes();
    }

    private static byte[] stringAttribute(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(name, stringType(Math.max(1, bytes.length)), dataspace(null), bytes.length == 0 ? new byte[1] : bytes);
    }

    private static byte[] stringArrayAttribute(String name, String[] values) {
        int width = 1;
        for (String v : values) {
            width = Math.max(width, v.getBytes(StandardCharsets.UTF_8).length);
        }
        byte[] data = new byte[width * values.length];
        for (int k = 0; k < values.length; k++) {
            byte[] bytes = values[k].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, data, k * width, bytes.length);
        }
        return attribute(name, stringType(width), dataspace(new long[] {values.length}), data);
    }

    /** A fixed-length UTF-8 string type, null-padded. */
    private static byte[] stringType(int width) {
        return new Buffer().u8(0x13).u8(0x01 | 0x10).u8(0).u8(0).u32(width).bytes();
    }

    /** An attribute message (version 3, UTF-8 name). */
    private static byte[] attribute(String name, byte[] type, byte[] space, byte[] data) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        return new Buffer().u8(3).u8(0).u16(n.length).u16(type.length).u16(space.length).u8(1).raw(n).raw(type)
                .raw(space).raw(data).bytes();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A little-endian byte builder. */
    static final class Buffer {
        private ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        static byte[] ints(int[] values) {
            Buffer out = new Buffer();
            for (int v : values) {
                out.u32(v);
            }
            return out.bytes();
        }

        Buffer u8(int v) {
            room(1).b.put((byte) v);
            return this;
        }

        Buffer u16(int v) {
            room(2).b.putShort((short) v);
            return this;
        }

        Buffer u32(int v) {
            room(4).b.putInt(v);
            return this;
        }

        Buffer u64(long v) {
            room(8).b.putLong(v);
            return this;
        }

        Buffer raw(byte[] bytes) {
            room(bytes.length).b.put(bytes);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.duplicate().flip().get(out);
            return out;
        }

        /** The bytes followed by their lookup3 checksum. */
        byte[] withChecksum() {
            return u32(ChecksumUtils.checksum(bytes())).bytes();
        }

        private Buffer room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * b.capacity(), b.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(b.flip());
                b = bigger;
            }
            return this;
        }
    }
}
