package org.celldetect.host;

import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.CellDetectException;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.ErrorCodes;
import org.celldetect.client.ProgressListener;

/**
 * Detection on frames as a camera delivers them (Micro-Manager's acquisition pipeline), where a
 * frame held back too long stalls the acquisition. The promise: {@link #detect} returns within the
 * policy's longest wait, whatever the service does, and its outcome describes that frame only.
 *
 * <p>Each frame's request runs on a worker thread while the caller waits for that reply, up to the
 * deadline. A frame whose reply does not come in time gets no cells ({@code skipped-timeout}) and its
 * request is cancelled; a frame that arrives while this detector still has its limit of requests
 * running (cancelled ones included, until the service confirms) is not sent at all
 * ({@code skipped-busy}). Connecting, which may start the service, also runs on a worker: frames
 * meanwhile are {@code skipped-no-service}. Results are never attached to a later frame.
 *
 * <p>{@link WhenBusy#SKIP} sends frames with {@code whenBusy: "fail"}: when the service is busy with
 * anyone's work the frame is skipped at once instead of waiting behind it. {@link WhenBusy#QUEUE}
 * lets the frame wait in the service's queue, still within the longest wait.
 *
 * <p>A model trained at one cell size has the service estimate an uncalibrated frame's cell size,
 * which takes up to about a second. The frames of one acquisition share a cell size, so the first
 * trustworthy estimate ({@link SharedCellDiameter}) is sent as the cell diameter of every later
 * frame of this detector (one per acquisition).
 */
public final class FrameDetector implements Closeable {
    public enum WhenBusy {
        SKIP("skip"), QUEUE("queue");

        private final String value;

        WhenBusy(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static WhenBusy of(String value) {
            for (WhenBusy mode : values()) {
                if (mode.value.equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("When busy: expected skip or queue, got '" + value + "'");
        }
    }

    /** How frames wait; kept by hosts as text under {@link #WHEN_BUSY} and {@link #MAX_WAIT_MILLIS}. */
    public static final class Policy {
        public static final String WHEN_BUSY = "whenBusy";
        public static final String MAX_WAIT_MILLIS = "maxWaitMillis";
        public static final WhenBusy DEFAULT_WHEN_BUSY = WhenBusy.SKIP;
        public static final long DEFAULT_MAX_WAIT_MILLIS = 1000;
        /**
         * One: a second request could only be one this detector gave up on, still running at the
         * service (which detects one request at a time) until its cancellation arrives.
         */
        public static final int DEFAULT_MAX_IN_FLIGHT = 1;
        public static final long DEFAULT_RECONNECT_MILLIS = 5000;
        /** Longer than any frame interval worth waiting for; a longer wait is a stall, not a wait. */
        public static final long LONGEST_MAX_WAIT_MILLIS = 600000;

        public final WhenBusy whenBusy;
        public final long maxWaitMillis;
        /** Requests of this detector that may be unanswered at once; more frames are skipped. */
        public final int maxInFlight;
        /** After a failed connection, frames are skipped without retrying for this long. */
        public final long reconnectMillis;

        public Policy(WhenBusy whenBusy, long maxWaitMillis, int maxInFlight, long reconnectMillis) {
            if (maxWaitMillis < 1 || maxWaitMillis > LONGEST_MAX_WAIT_MILLIS) {
                throw new IllegalArgumentException(maxWaitProblem(String.valueOf(maxWaitMillis)));
            }
            if (maxInFlight < 1 || reconnectMillis < 0) {
                throw new IllegalArgumentException("At least one request in flight and a reconnect interval >= 0, not " + maxInFlight + ", " + reconnectMillis);
            }
            this.whenBusy = whenBusy;
            this.maxWaitMillis = maxWaitMillis;
            this.maxInFlight = maxInFlight;
            this.reconnectMillis = reconnectMillis;
        }

        /** From saved text; missing keys take the defaults, wrong values throw IllegalArgumentException naming the field. */
        public static Policy fromSettings(Map<String, String> settings) {
            String whenBusy = settings.get(WHEN_BUSY);
            String maxWait = settings.get(MAX_WAIT_MILLIS);
            long millis;
            try {
                millis = maxWait == null ? DEFAULT_MAX_WAIT_MILLIS : Long.parseLong(maxWait.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(maxWaitProblem(maxWait));
            }
            return new Policy(whenBusy == null ? DEFAULT_WHEN_BUSY : WhenBusy.of(whenBusy), millis, DEFAULT_MAX_IN_FLIGHT, DEFAULT_RECONNECT_MILLIS);
        }

        private static String maxWaitProblem(String value) {
            return "Longest wait: expected a whole number of milliseconds from 1 to " + LONGEST_MAX_WAIT_MILLIS + ", got '" + value + "'";
        }

        public Map<String, String> toSettings() {
            Map<String, String> settings = new LinkedHashMap<String, String>();
            settings.put(WHEN_BUSY, whenBusy.value());
            settings.put(MAX_WAIT_MILLIS, String.valueOf(maxWaitMillis));
            return settings;
        }
    }

    /** Opens a connection that has said hello, e.g. {@code ServiceLauncher.connectOrStart}. */
    public interface Connector {
        CellDetectClient connect() throws IOException;
    }

    private final Connector connector;
    private final Policy policy;
    private final DetectOptions options;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "CellDetect frame detection");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object connectionLock = new Object();
    private CellDetectClient client;
    private Future<CellDetectClient> connecting;
    private long lastConnectNanos;
    private volatile String connectFailure = "not connected yet";
    private final SharedCellDiameter acquisitionCellDiameter = new SharedCellDiameter();

    /** @param options the request's options (model, threshold, ...) for every frame */
    public FrameDetector(Connector connector, Policy policy, DetectOptions options) {
        this.connector = connector;
        this.policy = policy;
        this.options = options;
    }

    /**
     * Detects the cells of one frame, returning within the policy's longest wait.
     *
     * @param framePixelSizeMicrons the frame's calibration, used unless the options set a pixel size; null when unknown
     */
    public FrameOutcome detect(ImagePixels frame, Double framePixelSizeMicrons) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(policy.maxWaitMillis);
        CellDetectClient connection = connection(deadline);
        if (connection == null) {
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_NO_SERVICE, connectFailure);
        }
        if (inFlight.incrementAndGet() > policy.maxInFlight) {
            inFlight.decrementAndGet();
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_BUSY, "earlier frames are still being detected");
        }
        DetectOptions frameOptions = options.copy();
        if (policy.whenBusy == WhenBusy.SKIP) {
            frameOptions.failWhenBusy();
        }
        if (frameOptions.parameter("pixelSizeMicrons") == null && framePixelSizeMicrons != null && framePixelSizeMicrons > 0) {
            frameOptions.pixelSizeMicrons(framePixelSizeMicrons);
        }
        Double cellDiameter = acquisitionCellDiameter.inSentPixels(1);
        if (frameOptions.parameter("cellDiameterPixels") == null && cellDiameter != null) {
            frameOptions.cellDiameterPixels(cellDiameter);
        }
        Request request = new Request(connection);
        Future<DetectResult> reply;
        try {
            reply = workers.submit(() -> {
                try {
                    return frame.detect(connection, frameOptions, request);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException closed) {
            inFlight.decrementAndGet();
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_NO_SERVICE, "detection was closed");
        }
        try {
            DetectResult result = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            acquisitionCellDiameter.learnFrom(result, 1);
            return FrameOutcome.detected(result);
        } catch (TimeoutException late) {
            request.abandon();
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_TIMEOUT, "no result within " + policy.maxWaitMillis + " ms; cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abandon();
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_TIMEOUT, "interrupted while waiting; cancelled");
        } catch (ExecutionException e) {
            return failure(e.getCause(), connection);
        }
    }

    /** Stops the workers and closes the connection; the service cancels what this detector left running. */
    @Override
    public void close() {
        workers.shutdownNow();
        synchronized (connectionLock) {
            closeQuietly(client);
            client = null;
        }
    }

    private FrameOutcome failure(Throwable cause, CellDetectClient connection) {
        if (cause instanceof CellDetectException) {
            CellDetectException error = (CellDetectException) cause;
            if (ErrorCodes.BUSY.equals(error.code())) {
                return FrameOutcome.without(FrameOutcome.Status.SKIPPED_BUSY, "the service is busy with other work");
            }
            return FrameOutcome.without(FrameOutcome.Status.FAILED, error.getMessage());
        }
        if (cause instanceof IOException) {
            forget(connection, "the connection was lost: " + cause.getMessage());
            return FrameOutcome.without(FrameOutcome.Status.SKIPPED_NO_SERVICE, connectFailure);
        }
        return FrameOutcome.without(FrameOutcome.Status.FAILED, String.valueOf(cause));
    }

    /**
     * The open connection; else starts connecting on a worker (at most once per reconnect interval)
     * and waits for it until the deadline. Null when there is none by then; {@link #connectFailure} says why.
     */
    private CellDetectClient connection(long deadline) {
        Future<CellDetectClient> attempt;
        synchronized (connectionLock) {
            if (client != null) {
                return client;
            }
            if (connecting == null && System.nanoTime() - lastConnectNanos >= TimeUnit.MILLISECONDS.toNanos(policy.reconnectMillis)) {
                lastConnectNanos = System.nanoTime();
                try {
                    connecting = workers.submit(connector::connect);
                } catch (RejectedExecutionException closed) {
                    connectFailure = "detection was closed";
                }
            }
            attempt = connecting;
        }
        if (attempt == null) {
            return null;
        }
        try {
            CellDetectClient connected = attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            synchronized (connectionLock) {
                if (connecting == attempt) {
                    client = connected;
                    connecting = null;
                }
                return client;
            }
        } catch (TimeoutException stillConnecting) {
            connectFailure = "connecting to the CellDetect service";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            synchronized (connectionLock) {
                if (connecting == attempt) {
                    connecting = null;
                    lastConnectNanos = System.nanoTime();
                    connectFailure = "no CellDetect service: " + e.getCause().getMessage();
                }
            }
        }
        return null;
    }

    private void forget(CellDetectClient connection, String why) {
        synchronized (connectionLock) {
            if (client == connection) {
                client = null;
                // Try again with the next frame: a restarted service should not wait out the interval.
                lastConnectNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(policy.reconnectMillis);
                connectFailure = why;
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(CellDetectClient connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // The connection is being dropped anyway.
            }
        }
    }

    /** One frame's request: learns its id when sent, so that a frame given up on can be cancelled. */
    private final class Request implements ProgressListener {
        private final CellDetectClient connection;
        private Long id;
        private boolean abandoned;

        Request(CellDetectClient connection) {
            this.connection = connection;
        }

        @Override
        public synchronized void sent(long requestId) {
            id = requestId;
            if (abandoned) {
                cancelLater();
            }
        }

        @Override
        public void progress(long requestId, long done, long total, String stage) {
        }

        synchronized void abandon() {
            abandoned = true;
            if (id != null) {
                cancelLater();
            }
        }

        /** Cancels on a worker: on Windows a call waits for the one before it, and the frame's caller must not. */
        private void cancelLater() {
            final long requestId = id;
            try {
                workers.submit(() -> {
                    try {
                        connection.cancel(requestId);
                    } catch (IOException ignored) {
                        // Lost connection: the service cancels the request itself.
                    }
                });
            } catch (RejectedExecutionException closed) {
                // Closing: the connection closes too, which cancels the request.
            }
        }
    }
}
