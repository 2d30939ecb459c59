package org.celldetect.client;

import java.util.Map;

/** A successful reply: the header's result and the frame's payload. */
public final class Reply {
    private final Map<String, Object> result;
    private final byte[] payload;

    Reply(Map<String, Object> result, byte[] payload) {
        this.result = result;
        this.payload = payload;
    }

    public Map<String, Object> result() {
        return result;
    }

    public byte[] payload() {
        return payload;
    }
}
