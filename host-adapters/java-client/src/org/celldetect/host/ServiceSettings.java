package org.celldetect.host;

import java.io.File;
import java.util.prefs.Preferences;

import org.celldetect.client.CellDetectProgram;
import org.celldetect.client.Endpoint;
import org.celldetect.client.ServiceLauncher;

/**
 * Where the CellDetect program is and which pipe the service listens on, for the QuPath and
 * Micro-Manager adapters: the Java system property, else the environment variable, else the user's
 * Java preferences (node {@code /org/celldetect}, written by {@link #saveExecutable}), so that a path
 * set once in QuPath also serves Micro-Manager; without any, {@link CellDetectProgram}'s fallbacks.
 */
public final class ServiceSettings {
    public static final String EXECUTABLE_PROPERTY = "celldetect.executable";
    public static final String EXECUTABLE_VARIABLE = "CELLDETECT_EXECUTABLE";
    public static final String PIPE_PROPERTY = "celldetect.pipe";
    public static final String PIPE_VARIABLE = "CELLDETECT_PIPE";
    private static final String EXECUTABLE_KEY = "executable";
    private static final String PIPE_KEY = "pipe";

    private ServiceSettings() {
    }

    /** The configured program; null when none is. */
    public static String executable() {
        return first(EXECUTABLE_PROPERTY, EXECUTABLE_VARIABLE, EXECUTABLE_KEY);
    }

    public static void saveExecutable(String path) {
        preferences().put(EXECUTABLE_KEY, path);
    }

    /** The pipe name or socket path; {@link Endpoint#DEFAULT_PIPE_NAME} unless configured. */
    public static String pipe() {
        String pipe = first(PIPE_PROPERTY, PIPE_VARIABLE, PIPE_KEY);
        return pipe == null ? Endpoint.DEFAULT_PIPE_NAME : pipe;
    }

    /**
     * Connects to the running service or starts the program: the configured one, else as
     * {@link CellDetectProgram} finds it. Without one, only a running service can be used: the
     * launcher's error then says to set the program's path.
     */
    public static ServiceLauncher launcher() {
        File program = CellDetectProgram.find(executable());
        return new ServiceLauncher(program == null ? new File("celldetect") : program, pipe());
    }

    private static String first(String property, String variable, String key) {
        String value = System.getProperty(property);
        if (isBlank(value)) {
            value = System.getenv(variable);
        }
        if (isBlank(value)) {
            value = preferences().get(key, null);
        }
        return isBlank(value) ? null : value.trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.trim().isEmpty();
    }

    private static Preferences preferences() {
        return Preferences.userRoot().node("org/celldetect");
    }
}
