package org.celldetect.client;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The real service for the tests that need it: {@code celldetect serve} on a fresh socket, started
 * once per test run through ServiceLauncher (the repository's ./celldetect builds the CLI on first
 * use; CELLDETECT_EXECUTABLE names another program) and shut down when the tests end.
 */
public final class RealService {
    private static String socket;
    private static final List<String> output = Collections.synchronizedList(new ArrayList<String>());

    private RealService() {
    }

    /** A new connection to the running service, starting it first. */
    public static synchronized CellDetectClient connect(String clientName) throws IOException {
        if (socket == null) {
            File path = ReplayServer.freshSocket();
            CellDetectClient first = launcher(path.getPath()).connectOrStart(clientName);
            socket = path.getPath();
            Runtime.getRuntime().addShutdownHook(new Thread(RealService::shutdown));
            return first;
        }
        return CellDetectClient.connect(socket, clientName);
    }

    /** The socket the running service listens on, starting it first. */
    public static synchronized String socket() throws IOException {
        connect("tests").close();
        return socket;
    }

    /** The program the tests start: CELLDETECT_EXECUTABLE, else the repository's ./celldetect. */
    public static File executable() {
        String configured = System.getenv("CELLDETECT_EXECUTABLE");
        return configured != null && !configured.isEmpty() ? new File(configured) : new File(TestFiles.manifests().getAbsoluteFile().getParentFile(), "celldetect");
    }

    /** The repository's sample images. */
    public static File sample(String name) {
        return new File(TestFiles.manifests().getAbsoluteFile().getParentFile(), "samples/" + name);
    }

    private static ServiceLauncher launcher(String path) {
        // The first run of ./celldetect builds the CLI: allow for it.
        return new ServiceLauncher(executable(), path).startTimeout(600000).log(output::add);
    }

    private static void shutdown() {
        try {
            CellDetectClient client = CellDetectClient.connect(socket, "test shutdown");
            client.shutdown();
            client.close();
        } catch (IOException e) {
            System.err.println("Could not stop the service at " + socket + ": " + e.getMessage() + "\n" + String.join("\n", output));
        }
    }
}
