package org.celldetect.client;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the service that really serves: hello, models.list, detect with pixels (u8, u16;
 * the "cells" are the pixels whose first channel is at least {@link #MARKER}), cancel. Detections
 * run one at a time on one worker, each taking {@link #detectMillis(long)}, like the real service's
 * queue; {@code whenBusy: "fail"} gets {@code busy} while one runs or waits.
 */
public final class FakeDetectionService implements AutoCloseable {
    /** First-channel values from this up are cells: u8 250.., u16 values scaled to the same share of full scale. */
    public static final int MARKER = 250;

    private final File socket;
    private final ServerSocketChannel listener;
    private final LinkedBlockingDeque<Detection> queue = new LinkedBlockingDeque<Detection>();
    private final AtomicInteger detectRequests = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final Double modelPixelSizeMicrons;
    private volatile long detectMillis;
    private volatile Double estimatedCellDiameter;
    private volatile Detection running;
    private final List<Peer> peers = Collections.synchronizedList(new ArrayList<Peer>());
    private final List<Map<String, Object>> receivedParams = Collections.synchronizedList(new ArrayList<Map<String, Object>>());

    /** @param modelPixelSizeMicrons what models.list says of he-nuclei's pixel size; null for unknown */
    public FakeDetectionService(File socket, Double modelPixelSizeMicrons) throws Exception {
        this.socket = socket;
        this.modelPixelSizeMicrons = modelPixelSizeMicrons;
        Method open = ServerSocketChannel.class.getMethod("open", ProtocolFamily.class);
        listener = (ServerSocketChannel) open.invoke(null, UnixSocketConnection.unixFamily());
        listener.bind(UnixSocketConnection.address(socket.getPath()));
        daemon("fake service: accept", this::acceptConnections);
        daemon("fake service: detect", this::detectInTurn);
    }

    /** A fresh socket path in the temporary folder. */
    public static File freshSocket() throws IOException {
        return ReplayServer.freshSocket();
    }

    /** How long each detection takes from now on. */
    public FakeDetectionService detectMillis(long millis) {
        detectMillis = millis;
        return this;
    }

    /** From now on, a detection without cellDiameterPixels reports this estimate, as the service does for a model trained at one cell size. */
    public FakeDetectionService estimatesCellDiameter(double pixels) {
        estimatedCellDiameter = pixels;
        return this;
    }

    public String path() {
        return socket.getPath();
    }

    /** How many detect requests arrived, answered or not. */
    public int detectRequests() {
        return detectRequests.get();
    }

    /** How many detections a cancel request stopped. */
    public int cancelled() {
        return cancelled.get();
    }

    /** The params of every detect request, in arrival order. */
    public List<Map<String, Object>> receivedParams() {
        synchronized (receivedParams) {
            return new ArrayList<Map<String, Object>>(receivedParams);
        }
    }

    /** Stops listening and hangs up on every client, as a service that stopped would. */
    @Override
    public void close() throws IOException {
        listener.close();
        socket.delete();
        synchronized (peers) {
            for (Peer peer : peers) {
                peer.connection.close();
            }
        }
    }

    private void acceptConnections() {
        try {
            while (true) {
                SocketChannel channel = listener.accept();
                Peer peer = new Peer(new UnixSocketConnection(channel));
                peers.add(peer);
                daemon("fake service: connection", peer::serve);
            }
        } catch (IOException closed) {
            // The listener was closed.
        }
    }

    private void detectInTurn() {
        try {
            while (true) {
                Detection detection = queue.take();
                synchronized (this) {
                    running = detection;
                }
                long end = System.currentTimeMillis() + detectMillis;
                synchronized (detection) {
                    while (!detection.cancelled && System.currentTimeMillis() < end) {
                        detection.wait(Math.max(1, end - System.currentTimeMillis()));
                    }
                }
                synchronized (this) {
                    running = null;
                }
                if (detection.cancelled) {
                    detection.peer.error(detection.id, ErrorCodes.CANCELLED, "cancelled");
                } else {
                    detection.peer.result(detection.id, detection.result());
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean busy() {
        return running != null || !queue.isEmpty();
    }

    /** Cancels a queued or running detection of a peer; false when there is none. */
    private boolean cancel(Peer peer, long id) {
        for (Detection detection : queue) {
            if (detection.peer == peer && detection.id == id && queue.remove(detection)) {
                cancelled.incrementAndGet();
                peer.error(id, ErrorCodes.CANCELLED, "cancelled");
                return true;
            }
        }
        synchronized (this) {
            if (running != null && running.peer == peer && running.id == id) {
                synchronized (running) {
                    running.cancelled = true;
                    running.notifyAll();
                }
                cancelled.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One client connection: reads requests, answers the quick ones at once, queues detections. */
    private final class Peer {
        private final Connection connection;

        Peer(Connection connection) {
            this.connection = connection;
        }

        void serve() {
            try {
                for (Frame frame = Frame.read(connection, Frame.MAX_REQUEST_HEADER_BYTES, Frame.MAX_PAYLOAD_BYTES); frame != null;
                        frame = Frame.read(connection, Frame.MAX_REQUEST_HEADER_BYTES, Frame.MAX_PAYLOAD_BYTES)) {
                    answer((Map<?, ?>) frame.header(), frame.payload());
                }
            } catch (IOException closed) {
                // The client hung up.
            } finally {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // Closed already.
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void answer(Map<?, ?> request, byte[] payload) {
            long id = (Long) request.get("id");
            Map<String, Object> params = request.get("params") == null ? new LinkedHashMap<String, Object>() : (Map<String, Object>) request.get("params");
            String method = (String) request.get("method");
            if ("hello".equals(method)) {
                result(id, hello());
            } else if ("models.list".equals(method)) {
                result(id, Collections.<String, Object>singletonMap("models", Arrays.asList(model("fluorescence-nuclei", "gray", null),
                        model("he-nuclei", "rgb", modelPixelSizeMicrons))));
            } else if ("cancel".equals(method)) {
                result(id, Collections.<String, Object>singletonMap("cancelled", cancel(this, (Long) params.get("id"))));
            } else if ("detect".equals(method)) {
                detectRequests.incrementAndGet();
                receivedParams.add(params);
                if ("fail".equals(params.get("whenBusy")) && busy()) {
                    error(id, ErrorCodes.BUSY, "busy");
                } else {
                    queue.add(new Detection(this, id, params, payload, estimatedCellDiameter));
                }
            } else {
                error(id, ErrorCodes.UNKNOWN_METHOD, method);
            }
        }

        synchronized void result(long id, Map<String, Object> result) {
            Map<String, Object> header = new LinkedHashMap<String, Object>();
            header.put("id", id);
            header.put("result", result);
            write(header);
        }

        synchronized void error(long id, String code, String message) {
            Map<String, Object> error = new LinkedHashMap<String, Object>();
            error.put("code", code);
            error.put("message", message);
            Map<String, Object> header = new LinkedHashMap<String, Object>();
            header.put("id", id);
            header.put("error", error);
            write(header);
        }

        private void write(Map<String, Object> header) {
            try {
                Frame.write(connection, Frame.encodeHeader(header), Payload.NONE);
            } catch (IOException gone) {
                // The client hung up; its requests die with it.
            }
        }
    }

    private Map<String, Object> hello() {
        Map<String, Object> result = new LinkedHashMap<String, Object>();
        result.put("protocol", 1);
        result.put("serverVersion", "0.0.0-fake");
        result.put("capabilities", Arrays.asList("hello", "models.list", "detect", "cancel"));
        Map<String, Object> defaults = new LinkedHashMap<String, Object>();
        defaults.put("brightfield", "he-nuclei");
        defaults.put("fluorescence", "fluorescence-nuclei");
        result.put("defaultModels", defaults);
        result.put("device", "cpu");
        result.put("precision", "float32");
        Map<String, Object> limits = new LinkedHashMap<String, Object>();
        limits.put("maxHeaderBytes", Frame.MAX_REQUEST_HEADER_BYTES);
        limits.put("maxPayloadBytes", Frame.MAX_PAYLOAD_BYTES);
        result.put("limits", limits);
        return result;
    }

    private static Map<String, Object> model(String name, String channels, Double pixelSize) {
        Map<String, Object> model = new LinkedHashMap<String, Object>();
        model.put("name", name);
        model.put("builtIn", true);
        model.put("channels", channels);
        model.put("pixelSizeMicrons", pixelSize);
        model.put("stride", 4);
        model.put("threshold", 0.5);
        model.put("peakRadius", 3);
        model.put("head", "sr");
        return model;
    }

    /** A queued detect request. */
    private static final class Detection {
        final Peer peer;
        final long id;
        final Map<String, Object> params;
        final byte[] payload;
        /** The cell diameter this detection reports as estimated, unless the request gives one; null for none. */
        final Double estimatedCellDiameter;
        boolean cancelled;

        Detection(Peer peer, long id, Map<String, Object> params, byte[] payload, Double estimatedCellDiameter) {
            this.peer = peer;
            this.id = id;
            this.params = params;
            this.payload = payload;
            this.estimatedCellDiameter = estimatedCellDiameter;
        }

        /** The marker pixels of the first channel as cells at their centres, score 0.9. */
        Map<String, Object> result() {
            Map<?, ?> pixels = (Map<?, ?>) params.get("pixels");
            int width = ((Number) pixels.get("width")).intValue();
            int height = ((Number) pixels.get("height")).intValue();
            int channels = ((Number) pixels.get("channels")).intValue();
            boolean u16 = "u16".equals(pixels.get("dtype"));
            ByteBuffer samples = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            List<Object> points = new ArrayList<Object>();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int index = (y * width + x) * channels;
                    int value = u16 ? (samples.getShort(index * 2) & 0xffff) * 255 / 65535 : samples.get(index) & 0xff;
                    if (value >= MARKER) {
                        Map<String, Object> point = new LinkedHashMap<String, Object>();
                        point.put("x", (double) x);
                        point.put("y", (double) y);
                        point.put("score", 0.9);
                        points.add(point);
                    }
                }
            }
            Map<String, Object> model = new LinkedHashMap<String, Object>();
            model.put("name", params.containsKey("model") ? params.get("model") : "fluorescence-nuclei");
            model.put("reason", params.containsKey("model") ? "requested" : "single-channel image");
            Map<String, Object> timings = new LinkedHashMap<String, Object>();
            timings.put("queuedMs", 0.0);
            timings.put("readMs", 0.0);
            timings.put("detectMs", 0.0);
            timings.put("totalMs", 1.0);
            Map<String, Object> result = new LinkedHashMap<String, Object>();
            result.put("points", points);
            result.put("count", points.size());
            result.put("model", model);
            result.put("stride", 4);
            result.put("threshold", 0.5);
            result.put("scale", 1.0);
            if (estimatedCellDiameter != null && !params.containsKey("cellDiameterPixels")) {
                result.put("estimatedCellDiameterPixels", estimatedCellDiameter);
            }
            result.put("width", width);
            result.put("height", height);
            result.put("region", Arrays.asList(0, 0, width, height));
            result.put("page", null);
            result.put("timings", timings);
            return result;
        }
    }
}
