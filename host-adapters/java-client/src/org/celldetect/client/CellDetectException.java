package org.celldetect.client;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * An error the service answered with, or one the client found first (a broken frame, a payload over
 * the service's limit). {@link #code()} is one of {@link ErrorCodes} (a newer service may send
 * others: treat them like {@code internal}).
 */
public class CellDetectException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final Map<String, Object> data;
    private final Long requestId;

    public CellDetectException(String code, String message, Map<String, Object> data, Long requestId) {
        super(code + ": " + message);
        this.code = code;
        this.data = data == null ? Collections.<String, Object>emptyMap() : Collections.unmodifiableMap(data);
        this.requestId = requestId;
    }

    public CellDetectException(String code, String message) {
        this(code, message, null, null);
    }

    public String code() {
        return code;
    }

    /** The error's details, e.g. {"expected": n, "actual": n}; empty when it has none. */
    public Map<String, Object> data() {
        return data;
    }

    /** The request the error answers; null when the service could not tell. */
    public Long requestId() {
        return requestId;
    }
}
