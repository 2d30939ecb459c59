package org.celldetect.client;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Finds the running service or starts it: {@link #connectOrStart} connects when something answers
 * on the pipe, else runs {@code EXECUTABLE serve --pipe NAME}, waits for its standard-output line
 * {@code ready <endpoint>} and connects there. The service's further output goes to the log.
 */
public final class ServiceLauncher {
    /** What {@code celldetect serve} prints once it accepts connections, before the endpoint. */
    public static final String READY_PREFIX = "ready ";

    private static final int REMEMBERED_LINES = 20;

    /** Receives the service's output lines; System.err by default. */
    public interface Log {
        void line(String text);
    }

    private final File executable;
    private final String pipe;
    private long startTimeoutMillis = 60000;
    private Log log = new Log() {
        @Override
        public void line(String text) {
            System.err.println("celldetect: " + text);
        }
    };

    /**
     * @param executable the configured celldetect program (celldetect.exe on Windows)
     * @param pipe the pipe name or socket path, {@link Endpoint#DEFAULT_PIPE_NAME} usually
     */
    public ServiceLauncher(File executable, String pipe) {
        this.executable = executable;
        this.pipe = pipe;
    }

    /** How long to wait for the ready line (the first start loads the models); 60 s by default. */
    public ServiceLauncher startTimeout(long millis) {
        startTimeoutMillis = millis;
        return this;
    }

    public ServiceLauncher log(Log destination) {
        log = destination;
        return this;
    }

    /** Connects to the running service, starting it first when nobody answers. */
    public CellDetectClient connectOrStart(String clientName) throws IOException {
        try {
            return CellDetectClient.connect(pipe, clientName);
        } catch (ServiceUnavailableException notRunning) {
            return CellDetectClient.connect(start(), clientName);
        }
    }

    /** Starts the service and returns the endpoint it reports ready on. */
    private String start() throws IOException {
        if (!executable.canExecute()) {
            throw new IOException("The CellDetect program " + executable + " does not exist or cannot be run; set its path in the settings.");
        }
        List<String> command = new ArrayList<String>();
        command.add(executable.getPath());
        command.add("serve");
        command.add("--pipe");
        command.add(pipe);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Output output = new Output(process.getInputStream());
        Thread reader = new Thread(output, "celldetect serve output");
        reader.setDaemon(true);
        reader.start();
        boolean outputEnded;
        int status;
        try {
            outputEnded = output.awaitReadyOrEnd(startTimeoutMillis);
            if (output.endpoint() != null) {
                return output.endpoint();
            }
            if (!outputEnded) {
                process.destroy();
                throw new IOException("The CellDetect service did not report ready within " + startTimeoutMillis / 1000.0 + " s: " + command
                        + "\n" + output.lastLines());
            }
            // Its output ended without the ready line: the process is stopping.
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("Interrupted while starting the CellDetect service.", e);
        }
        // Another host may have started the service meanwhile: then this start fails, and the other one answers.
        try {
            Endpoint.connect(pipe).close();
            return pipe;
        } catch (ServiceUnavailableException stillNot) {
            throw new IOException("The CellDetect service stopped with status " + status + " before it was ready: " + command
                    + "\n" + output.lastLines(), stillNot);
        }
    }

    /** Reads the service's output: finds the ready line, remembers the last lines, passes everything to the log. */
    private final class Output implements Runnable {
        private final InputStream stream;
        private final CountDownLatch readyOrEnded = new CountDownLatch(1);
        private final Deque<String> last = new ArrayDeque<String>();
        private volatile String endpoint;

        Output(InputStream stream) {
            this.stream = stream;
        }

        /** Waits for the ready line or the end of the output; false when neither came in time. */
        boolean awaitReadyOrEnd(long millis) throws InterruptedException {
            return readyOrEnded.await(millis, TimeUnit.MILLISECONDS);
        }

        /** The endpoint from the ready line; null before it. */
        String endpoint() {
            return endpoint;
        }

        synchronized String lastLines() {
            return String.join("\n", last);
        }

        @Override
        public void run() {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (endpoint == null && line.startsWith(READY_PREFIX)) {
                        endpoint = line.substring(READY_PREFIX.length()).trim();
                        readyOrEnded.countDown();
                    }
                    remember(line);
                    log.line(line);
                }
            } catch (IOException e) {
                log.line("(output unreadable: " + e.getMessage() + ")");
            } finally {
                readyOrEnded.countDown();
            }
        }

        private synchronized void remember(String line) {
            last.addLast(line);
            if (last.size() > REMEMBERED_LINES) {
                last.removeFirst();
            }
        }
    }
}
