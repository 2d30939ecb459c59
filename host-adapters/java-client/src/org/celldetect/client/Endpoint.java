package org.celldetect.client;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Where the service listens for a pipe name (manifests/protocol/README.md, section 1): the named pipe
 * {@code \\.\pipe\NAME} on Windows; on Linux and macOS the Unix socket .NET's named pipes use,
 * {@code $TMPDIR/CoreFxPipe_NAME} ({@code /tmp} when TMPDIR is unset or empty), or the name itself
 * when it is an absolute path.
 */
public final class Endpoint {
    public static final String DEFAULT_PIPE_NAME = "celldetect";
    public static final String WINDOWS_PIPE_PREFIX = "\\\\.\\pipe\\";
    public static final String UNIX_SOCKET_PREFIX = "CoreFxPipe_";

    private Endpoint() {
    }

    public static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    /** The endpoint's full path, as {@code celldetect serve} prints it after {@code ready}. */
    public static String pathFor(String nameOrPath) {
        return pathFor(nameOrPath, isWindows(), System.getenv("TMPDIR"));
    }

    static String pathFor(String nameOrPath, boolean windows, String tmpdir) {
        if (windows) {
            return WINDOWS_PIPE_PREFIX + pipeName(nameOrPath, true);
        }
        if (nameOrPath.startsWith("/")) {
            return nameOrPath;
        }
        String temp = tmpdir == null || tmpdir.isEmpty() ? "/tmp" : tmpdir;
        return new File(temp, UNIX_SOCKET_PREFIX + pipeName(nameOrPath, false)).getPath();
    }

    /**
     * Connects to the service. Throws {@link ServiceUnavailableException} when nobody answers, naming
     * the endpoint and how to start the service.
     */
    public static Connection connect(String nameOrPath) throws IOException {
        String path = pathFor(nameOrPath);
        try {
            return isWindows() ? new WindowsPipeConnection(path) : UnixSocketConnection.open(path);
        } catch (FileNotFoundException e) {
            throw unavailable(nameOrPath, path, e);
        } catch (UnixSocketConnection.NotListeningException e) {
            throw unavailable(nameOrPath, path, e.getCause());
        }
    }

    private static ServiceUnavailableException unavailable(String nameOrPath, String path, Throwable cause) {
        return new ServiceUnavailableException("No CellDetect service answers at " + path + " (" + cause.getMessage()
                + "). Start it with: celldetect serve --pipe " + nameOrPath, cause);
    }

    private static String pipeName(String nameOrPath, boolean windows) {
        String name = nameOrPath;
        if (windows && name.toLowerCase().startsWith(WINDOWS_PIPE_PREFIX)) {
            name = name.substring(WINDOWS_PIPE_PREFIX.length());
        }
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is not a pipe name: give a name without / or \\, "
                    + "or an absolute socket path (Linux, macOS).");
        }
        return name;
    }
}
