package org.celldetect.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Frames against manifests/protocol/vectors/frames.json, the payload encoders and the limits. */
public final class FrameTest {
    private FrameTest() {
    }

    public static void testEveryVectorDecodesAndEncodesByteForByte() throws Exception {
        Map<?, ?> document = (Map<?, ?>) TestFiles.load("protocol/vectors/frames.json");
        Map<?, ?> limits = (Map<?, ?>) document.get("limits");
        int maxHeader = ((Number) limits.get("maxHeaderBytes")).intValue();
        long maxPayload = ((Number) limits.get("maxPayloadBytes")).longValue();
        for (Object item : (List<?>) document.get("vectors")) {
            Map<?, ?> vector = (Map<?, ?>) item;
            byte[] frame = hex((String) vector.get("frameHex"));
            String name = (String) vector.get("name");
            if (vector.containsKey("error")) {
                CellDetectException thrown = readFails(new BytesConnection(frame, -1), maxHeader, maxPayload, name);
                Check.equal(vector.get("error"), thrown.code(), name);
                continue;
            }
            Frame decoded = Frame.read(new BytesConnection(frame, -1), maxHeader, maxPayload);
            Check.equal(Json.parse((String) vector.get("header")), decoded.header(), name + ": header");
            Check.isTrue(Arrays.equals(hex((String) vector.get("payloadHex")), decoded.payload()), name + ": payload");
            BytesConnection out = new BytesConnection(new byte[0], -1);
            Frame.write(out, ((String) vector.get("header")).getBytes(StandardCharsets.UTF_8), Payload.of(hex((String) vector.get("payloadHex"))));
            Check.isTrue(Arrays.equals(frame, out.written()), name + ": encoding");
        }
    }

    public static void testAnOversizedHeaderIsRefusedFromThePrefixAlone() throws Exception {
        byte[] frame = ByteBuffer.allocate(12 + 1000).order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putLong(0).array();
        CellDetectException thrown = readFails(new BytesConnection(frame, 12), 999, 10, "header over the limit");
        Check.equal(ErrorCodes.HEADER_TOO_LARGE, thrown.code(), "code");
    }

    public static void testSixteenBitAndFloatPixelsGoLittleEndianInChunks() throws Exception {
        short[] samples = new short[700000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7);
        }
        BytesConnection out = new BytesConnection(new byte[0], -1);
        Payload.of(samples).writeTo(out);
        ByteBuffer written = ByteBuffer.wrap(out.written()).order(ByteOrder.LITTLE_ENDIAN);
        Check.equal(samples.length * 2, written.capacity(), "u16 byte count");
        for (int i = 0; i < samples.length; i += 9973) {
            Check.equal(samples[i], written.getShort(i * 2), "u16 sample " + i);
        }
        Check.equal((short) 0xFFFF, ByteBuffer.wrap(payloadBytes(Payload.of(new short[] {(short) 65535}))).getShort(), "65535 as an unsigned 16-bit sample");

        float[] values = {0.5f, 1.0f, -2.25f};
        ByteBuffer floats = ByteBuffer.wrap(payloadBytes(Payload.of(values))).order(ByteOrder.LITTLE_ENDIAN);
        Check.equal(-2.25f, floats.getFloat(8), "f32 sample");
        Check.equal(12L, Payload.of(values).length(), "f32 length");
    }

    private static byte[] payloadBytes(Payload payload) throws IOException {
        BytesConnection out = new BytesConnection(new byte[0], -1);
        payload.writeTo(out);
        return out.written();
    }

    private static CellDetectException readFails(final Connection connection, final int maxHeader, final long maxPayload, String what) {
        return Check.throwsA(CellDetectException.class, new Check.Action() {
            @Override
            public void run() throws Exception {
                Frame.read(connection, maxHeader, maxPayload);
            }
        }, what);
    }

    static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** Reads from bytes (failing past {@code readableBytes} when that is not -1) and collects what is written. */
    static final class BytesConnection implements Connection {
        private final byte[] input;
        private final int readableBytes;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private int position;

        BytesConnection(byte[] input, int readableBytes) {
            this.input = input;
            this.readableBytes = readableBytes;
        }

        byte[] written() {
            return output.toByteArray();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (readableBytes >= 0 && position + length > readableBytes) {
                throw new AssertionError("read past byte " + readableBytes);
            }
            if (position >= input.length) {
                return -1;
            }
            int count = Math.min(length, input.length - position);
            System.arraycopy(input, position, buffer, offset, count);
            position += count;
            return count;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            output.write(buffer, offset, length);
        }

        @Override
        public boolean isFullDuplex() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
