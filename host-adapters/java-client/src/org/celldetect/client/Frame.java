package org.celldetect.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A frame (manifests/protocol/README.md, section 2): u32 header length and u64 payload length,
 * little-endian, then the UTF-8 JSON header and the raw payload. Lengths are checked before
 * anything is allocated for them.
 */
public final class Frame {
    public static final int PREFIX_BYTES = 12;
    /** What a protocol 1 service accepts in a request header. */
    public static final int MAX_REQUEST_HEADER_BYTES = 1 << 20;
    /** What this client accepts in a reply header: a detect result lists every point, about 45 bytes each. */
    public static final int MAX_REPLY_HEADER_BYTES = 1 << 30;
    /** The largest reply payload (a proximity map) of protocol 1, 2 GiB - 64: one Java array holds it. */
    public static final long MAX_PAYLOAD_BYTES = (2L << 30) - 64;

    private final Object header;
    private final byte[] payload;

    public Frame(Object header, byte[] payload) {
        this.header = header;
        this.payload = payload;
    }

    /** The header's JSON value, as {@link Json} reads it (a Map for every valid frame). */
    public Object header() {
        return header;
    }

    public byte[] payload() {
        return payload;
    }

    /** Encodes the header as compact UTF-8 JSON. */
    public static byte[] encodeHeader(Object header) {
        return Json.write(header).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one frame: the prefix and header in one write, then the payload. */
    public static void write(Connection connection, byte[] headerUtf8, Payload payload) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(PREFIX_BYTES + headerUtf8.length).order(ByteOrder.LITTLE_ENDIAN);
        start.putInt(headerUtf8.length).putLong(payload.length()).put(headerUtf8);
        connection.write(start.array(), 0, start.capacity());
        if (payload.length() > 0) {
            payload.writeTo(connection);
        }
    }

    /**
     * Reads one frame, or returns null when the stream ends cleanly between frames. Throws
     * {@link CellDetectException} with {@code malformed_frame} (empty or non-JSON header, stream cut
     * short), {@code header_too_large} (nothing after the prefix has been read) or
     * {@code payload_too_large} (the header has been read, the payload not).
     */
    public static Frame read(Connection connection, int maxHeaderBytes, long maxPayloadBytes) throws IOException {
        byte[] prefix = new byte[PREFIX_BYTES];
        int got = readFully(connection, prefix);
        if (got == 0) {
            return null;
        }
        if (got < PREFIX_BYTES) {
            throw endedInside("the length prefix");
        }
        ByteBuffer lengths = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengths.getInt() & 0xFFFFFFFFL;
        long payloadLength = lengths.getLong();
        if (headerLength > maxHeaderBytes) {
            throw new CellDetectException(ErrorCodes.HEADER_TOO_LARGE, "A frame's header is " + headerLength + " bytes, over the limit of " + maxHeaderBytes + ".");
        }
        if (headerLength == 0) {
            throw new CellDetectException(ErrorCodes.MALFORMED_FRAME, "A frame's header length is 0; every frame has a JSON object as its header.");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        if (readFully(connection, headerBytes) < headerBytes.length) {
            throw endedInside("the header");
        }
        Object header = parseHeader(headerBytes);
        long payloadLimit = Math.min(maxPayloadBytes, MAX_PAYLOAD_BYTES);
        // payloadLength is unsigned: a negative long is over any limit.
        if (payloadLength < 0 || payloadLength > payloadLimit) {
            throw new CellDetectException(ErrorCodes.PAYLOAD_TOO_LARGE, "A frame's payload is " + Long.toUnsignedString(payloadLength)
                    + " bytes, over the limit of " + payloadLimit + ".");
        }
        byte[] payload = new byte[(int) payloadLength];
        if (readFully(connection, payload) < payload.length) {
            throw endedInside("the payload");
        }
        return new Frame(header, payload);
    }

    /** The header's JSON value; the bytes must be strict UTF-8. */
    public static Object parseHeader(byte[] utf8) throws CellDetectException {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            return Json.parse(text.toString());
        } catch (CharacterCodingException e) {
            throw new CellDetectException(ErrorCodes.MALFORMED_FRAME, "A frame's header is not UTF-8.");
        } catch (IllegalArgumentException e) {
            throw new CellDetectException(ErrorCodes.MALFORMED_FRAME, "A frame's header is not JSON: " + e.getMessage());
        }
    }

    /** Fills the buffer; returns fewer bytes only when the stream ends. */
    private static int readFully(Connection connection, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int got = connection.read(buffer, filled, buffer.length - filled);
            if (got < 0) {
                break;
            }
            filled += got;
        }
        return filled;
    }

    private static CellDetectException endedInside(String part) {
        return new CellDetectException(ErrorCodes.MALFORMED_FRAME, "The connection ended inside " + part + " of a frame.");
    }
}
