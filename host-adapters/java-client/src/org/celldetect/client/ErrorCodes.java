package org.celldetect.client;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The stable error codes of protocol 1 (manifests/protocol/README.md, section 7). */
public final class ErrorCodes {
    public static final String MALFORMED_FRAME = "malformed_frame";
    public static final String HEADER_TOO_LARGE = "header_too_large";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNKNOWN_METHOD = "unknown_method";
    public static final String UNSUPPORTED_PROTOCOL = "unsupported_protocol";
    public static final String FILE_NOT_FOUND = "file_not_found";
    public static final String UNREADABLE_IMAGE = "unreadable_image";
    public static final String UNSUPPORTED_PIXEL_TYPE = "unsupported_pixel_type";
    public static final String PAYLOAD_SIZE_MISMATCH = "payload_size_mismatch";
    public static final String INVALID_PARAMETER = "invalid_parameter";
    public static final String MODEL_NOT_FOUND = "model_not_found";
    public static final String CANCELLED = "cancelled";
    public static final String BUSY = "busy";
    public static final String INTERNAL = "internal";

    public static final List<String> ALL = Collections.unmodifiableList(Arrays.asList(
            MALFORMED_FRAME, HEADER_TOO_LARGE, PAYLOAD_TOO_LARGE, INVALID_REQUEST, UNKNOWN_METHOD, UNSUPPORTED_PROTOCOL,
            FILE_NOT_FOUND, UNREADABLE_IMAGE, UNSUPPORTED_PIXEL_TYPE, PAYLOAD_SIZE_MISMATCH, INVALID_PARAMETER,
            MODEL_NOT_FOUND, CANCELLED, BUSY, INTERNAL));

    private ErrorCodes() {
    }
}
