package org.celldetect.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A frame's payload, written in pieces so that 16-bit and float pixels become little-endian bytes
 * a chunk at a time instead of in one copy of the whole image.
 */
public abstract class Payload {
    /** The empty payload of most frames. */
    public static final Payload NONE = of(new byte[0]);

    private static final int CHUNK_BYTES = 1 << 20;

    /** The payload's length in bytes. */
    public abstract long length();

    abstract void writeTo(Connection connection) throws IOException;

    /** Bytes as they are (8-bit pixels, or data already in protocol order). */
    public static Payload of(final byte[] bytes) {
        return new Payload() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            void writeTo(Connection connection) throws IOException {
                connection.write(bytes, 0, bytes.length);
            }
        };
    }

    /** Unsigned 16-bit samples (Java's short bits), written little-endian. */
    public static Payload of(final short[] samples) {
        return new Chunked(samples.length, 2) {
            @Override
            void fill(ByteBuffer chunk, int from, int count) {
                chunk.asShortBuffer().put(samples, from, count);
            }
        };
    }

    /** 32-bit float samples, written little-endian. */
    public static Payload of(final float[] samples) {
        return new Chunked(samples.length, 4) {
            @Override
            void fill(ByteBuffer chunk, int from, int count) {
                chunk.asFloatBuffer().put(samples, from, count);
            }
        };
    }

    private abstract static class Chunked extends Payload {
        private final int samples;
        private final int bytesPerSample;

        Chunked(int samples, int bytesPerSample) {
            this.samples = samples;
            this.bytesPerSample = bytesPerSample;
        }

        @Override
        public long length() {
            return (long) samples * bytesPerSample;
        }

        abstract void fill(ByteBuffer chunk, int from, int count);

        @Override
        void writeTo(Connection connection) throws IOException {
            int perChunk = CHUNK_BYTES / bytesPerSample;
            byte[] bytes = new byte[Math.min(samples, perChunk) * bytesPerSample];
            ByteBuffer chunk = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < samples; from += perChunk) {
                int count = Math.min(perChunk, samples - from);
                fill(chunk, from, count);
                connection.write(bytes, 0, count * bytesPerSample);
            }
        }
    }
}
