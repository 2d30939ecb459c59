package org.celldetect.client;

import java.io.Closeable;
import java.io.IOException;

/** A connected byte stream to the service: a Unix socket, or a Windows named pipe. */
public interface Connection extends Closeable {
    /** Reads up to {@code length} bytes; returns -1 at the end of the stream. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Whether one thread may write while another is blocked reading. Sockets can; a Windows pipe
     * opened as a file cannot (Windows serialises reads and writes on such a handle).
     */
    boolean isFullDuplex();
}
