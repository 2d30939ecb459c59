package org.celldetect.client;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A Unix domain socket through {@code java.net.UnixDomainSocketAddress} and
 * {@code SocketChannel.open(StandardProtocolFamily.UNIX)}, looked up by reflection: they exist from
 * Java 16 on, and this library compiles for Java 8 (older Fiji and Micro-Manager run on it).
 */
final class UnixSocketConnection implements Connection {
    /** The first Java with Unix domain socket channels. */
    static final int REQUIRED_JAVA = 16;

    private final SocketChannel channel;

    /** Either end of a connected channel: the client's, or (in tests) a server's accepted one. */
    UnixSocketConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the socket at {@code path}; NotListeningException when no server is there. */
    static Connection open(String path) throws IOException {
        SocketChannel channel = openChannel();
        try {
            channel.connect(address(path));
            return new UnixSocketConnection(channel);
        } catch (IOException e) {
            channel.close();
            // The file is missing, or nobody accepts on it: the service is not running.
            throw new NotListeningException(e);
        }
    }

    /** An unconnected Unix socket channel (also used by servers in tests). */
    static SocketChannel openChannel() throws IOException {
        try {
            return (SocketChannel) invoke(SocketChannel.class.getMethod("open", ProtocolFamily.class), null, unixFamily());
        } catch (NoSuchMethodException e) {
            throw javaTooOld(e);
        }
    }

    /** {@code UnixDomainSocketAddress.of(path)}. */
    static SocketAddress address(String path) throws IOException {
        try {
            Class<?> addressClass = Class.forName("java.net.UnixDomainSocketAddress");
            return (SocketAddress) invoke(addressClass.getMethod("of", String.class), null, path);
        } catch (ClassNotFoundException e) {
            throw javaTooOld(e);
        } catch (NoSuchMethodException e) {
            throw javaTooOld(e);
        }
    }

    static ProtocolFamily unixFamily() throws IOException {
        try {
            return StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException e) {
            throw javaTooOld(e);
        }
    }

    private static Object invoke(Method method, Object target, Object argument) throws IOException {
        try {
            return method.invoke(target, argument);
        } catch (IllegalAccessException e) {
            throw new IOException("Cannot call " + method + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof UnsupportedOperationException) {
                throw javaTooOld(cause);
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private static UnsupportedOperationException javaTooOld(Throwable cause) {
        return new UnsupportedOperationException("Connecting to CellDetect on Linux and macOS needs Java " + REQUIRED_JAVA
                + " or newer (Unix domain sockets); this is Java " + System.getProperty("java.version") + " from "
                + System.getProperty("java.home") + ". Run the host on a newer Java, e.g. a current Fiji.", cause);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return channel.read(ByteBuffer.wrap(buffer, offset, length));
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public boolean isFullDuplex() {
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Connecting failed because nobody listens at the path. */
    static final class NotListeningException extends IOException {
        private static final long serialVersionUID = 1L;

        NotListeningException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
