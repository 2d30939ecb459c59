package org.celldetect.client;

import java.io.File;
import java.util.Map;

/**
 * Where the celldetect program is that {@link ServiceLauncher} starts the service with: the path the
 * user configured in the host, else {@code $CELLDETECT_HOME/celldetect}, else the first
 * {@code celldetect} on the PATH ({@code celldetect.exe} on Windows).
 */
public final class CellDetectProgram {
    /** The environment variable naming the folder that holds the celldetect program. */
    public static final String HOME_VARIABLE = "CELLDETECT_HOME";

    private CellDetectProgram() {
    }

    /** The program to run; null when nothing was configured and none is found. */
    public static File find(String configuredPath) {
        return find(configuredPath, System.getenv(), Endpoint.isWindows());
    }

    /** Where the program is looked for when none is configured, for messages that tell the user what to set. */
    public static String fallbacks() {
        return "$" + HOME_VARIABLE + "/" + fileName(Endpoint.isWindows()) + ", else " + fileName(Endpoint.isWindows()) + " on the PATH";
    }

    static File find(String configuredPath, Map<String, String> environment, boolean windows) {
        if (configuredPath != null && !configuredPath.trim().isEmpty()) {
            return new File(configuredPath.trim());
        }
        String name = fileName(windows);
        String home = environment.get(HOME_VARIABLE);
        if (home != null && !home.isEmpty()) {
            File inHome = new File(home, name);
            if (inHome.isFile()) {
                return inHome;
            }
        }
        String path = environment.get("PATH");
        if (path != null) {
            for (String folder : path.split(windows ? ";" : ":")) {
                // An empty entry means the current folder, which is no place to pick a program up from.
                File candidate = new File(folder, name);
                if (!folder.isEmpty() && candidate.isFile() && candidate.canExecute()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String fileName(boolean windows) {
        return windows ? "celldetect.exe" : "celldetect";
    }
}
