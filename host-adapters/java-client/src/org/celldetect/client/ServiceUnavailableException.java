package org.celldetect.client;

import java.io.IOException;

/** Nobody answers at the endpoint: the service is not running (a launcher may start it). */
public class ServiceUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
