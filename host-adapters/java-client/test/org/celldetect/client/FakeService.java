package org.celldetect.client;

import java.io.File;

/**
 * A stand-in for {@code celldetect serve --pipe PATH}: listens on the socket, prints the ready line
 * and plays the shutdown example (hello, then shutdown) with one client. Run by ServiceLauncherTest.
 */
public final class FakeService {
    private FakeService() {
    }

    /** Arguments: MANIFESTS_FOLDER serve --pipe SOCKET_PATH. */
    public static void main(String[] args) throws Throwable {
        TestFiles.setManifests(args[0]);
        File socket = new File(args[3]);
        ReplayServer server = new ReplayServer(socket, TestFiles.example("shutdown"), null);
        System.out.println(ServiceLauncher.READY_PREFIX + socket.getPath());
        System.out.flush();
        try {
            server.finish();
        } finally {
            server.close();
        }
    }
}
