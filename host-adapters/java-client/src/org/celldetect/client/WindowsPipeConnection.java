package org.celldetect.client;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * A Windows named pipe opened as a file. Windows serialises reads and writes on such a handle, so
 * the client sends one request at a time over it and waits for its reply.
 */
final class WindowsPipeConnection implements Connection {
    private final RandomAccessFile pipe;

    /** Throws FileNotFoundException when no server has the pipe open (or all its instances are busy). */
    WindowsPipeConnection(String path) throws IOException {
        pipe = new RandomAccessFile(path, "rw");
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return pipe.read(buffer, offset, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        pipe.write(buffer, offset, length);
    }

    @Override
    public boolean isFullDuplex() {
        return false;
    }

    @Override
    public void close() throws IOException {
        pipe.close();
    }
}
