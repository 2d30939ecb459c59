package org.celldetect.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection to the CellDetect service (protocol 1, manifests/protocol/README.md).
 *
 * <p>Safe to share between threads. Over a Unix socket requests are pipelined and each thread waits
 * for its own reply; whichever waiting thread is free reads the replies and hands them out, so no
 * thread is started. Over a Windows pipe, whose reads and writes Windows serialises, calls go
 * strictly one at a time, request then reply; a progress listener (which runs in the calling thread)
 * can still cancel. Errors the service answers with are thrown as {@link CellDetectException}; a lost
 * connection as {@link IOException}.
 */
public final class CellDetectClient implements Closeable {
    public static final int PROTOCOL_VERSION = 1;
    public static final String DEFAULT_CLIENT_NAME = "celldetect-java-client 0.1.0 (Java " + System.getProperty("java.version") + ")";

    private final Connection connection;
    private final Object sendLock = new Object();
    /** Held for a whole call when the connection cannot read and write at once; null otherwise. */
    private final ReentrantLock oneCallAtATime;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private final Map<Long, Call> pending = new HashMap<Long, Call>();
    private boolean reading;
    private long lastId;
    private IOException lost;
    private volatile Map<String, Object> server;

    private CellDetectClient(Connection connection) {
        this.connection = connection;
        this.oneCallAtATime = connection.isFullDuplex() ? null : new ReentrantLock();
    }

    /** Connects to the service ({@link Endpoint} says where) and says hello. */
    public static CellDetectClient connect(String nameOrPath, String clientName) throws IOException {
        CellDetectClient client = new CellDetectClient(Endpoint.connect(nameOrPath));
        try {
            client.hello(clientName);
            return client;
        } catch (IOException e) {
            client.close();
            throw e;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A client over an open connection; it has not said hello yet. */
    public static CellDetectClient over(Connection connection) {
        return new CellDetectClient(connection);
    }

    /**
     * Opens (or repeats) the session; the service needs it first. Returns what the service can do:
     * protocol, serverVersion, capabilities, defaultModels, device, precision, limits.
     */
    public Map<String, Object> hello(String clientName) throws IOException {
        Map<String, Object> params = new LinkedHashMap<String, Object>();
        params.put("protocol", PROTOCOL_VERSION);
        params.put("client", clientName);
        server = call("hello", params, Payload.NONE, null).result();
        return server;
    }

    /**
     * True when calls from other threads go out while one waits for its reply (Unix sockets); false
     * on a Windows pipe, where a second thread's call waits until the first one's reply is in.
     */
    public boolean isPipelined() {
        return oneCallAtATime == null;
    }

    /** What the service said in the last successful hello; null before one. */
    public Map<String, Object> server() {
        return server;
    }

    /** The models detect can use: name, builtIn, channels, pixelSizeMicrons, cellDiameterPixels, estimatesCellDiameter, stride, threshold, peakRadius, head. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> models() throws IOException {
        return (List<Map<String, Object>>) call("models.list", null, Payload.NONE, null).result().get("models");
    }

    /** Detects cells in an image file on the service's machine. */
    public DetectResult detectPath(String path, DetectOptions options, ProgressListener progress) throws IOException {
        Map<String, Object> params = optionsOrNone(options).toParams();
        params.put("path", path);
        return detect(params, Payload.NONE, progress);
    }

    /** Detects cells in 8-bit pixels: width x height x channels bytes, row-major from the top-left. */
    public DetectResult detectPixels(byte[] pixels, int width, int height, int channels, PixelLayout layout,
                                     DetectOptions options, ProgressListener progress) throws IOException {
        return detectPixels(Payload.of(pixels), "u8", width, height, channels, layout, options, progress);
    }

    /** Detects cells in unsigned 16-bit pixels (ImageJ's short[]), sent little-endian. */
    public DetectResult detectPixels(short[] pixels, int width, int height, int channels, PixelLayout layout,
                                     DetectOptions options, ProgressListener progress) throws IOException {
        return detectPixels(Payload.of(pixels), "u16", width, height, channels, layout, options, progress);
    }

    /** Detects cells in 32-bit float pixels, sent little-endian (0..1 is full scale for the automatic model choice). */
    public DetectResult detectPixels(float[] pixels, int width, int height, int channels, PixelLayout layout,
                                     DetectOptions options, ProgressListener progress) throws IOException {
        return detectPixels(Payload.of(pixels), "f32", width, height, channels, layout, options, progress);
    }

    /** Asks the service to cancel a request; true when it was still pending (its call then fails with {@code cancelled}). */
    public boolean cancel(long requestId) throws IOException {
        Map<String, Object> params = new LinkedHashMap<String, Object>();
        params.put("id", requestId);
        return Boolean.TRUE.equals(call("cancel", params, Payload.NONE, null).result().get("cancelled"));
    }

    /** Stops the service once it has replied; every connection's work is cancelled. */
    public void shutdown() throws IOException {
        call("shutdown", null, Payload.NONE, null);
    }

    /** Calls any method, e.g. one added after protocol 1; {@code params} null is left out. */
    public Reply call(String method, Map<String, Object> params, Payload payload, ProgressListener progress) throws IOException {
        if (oneCallAtATime != null) {
            oneCallAtATime.lock();
        }
        try {
            Call call = new Call(progress);
            long id = register(call);
            try {
                send(id, method, params, payload);
                if (progress != null) {
                    progress.sent(id);
                }
            } catch (IOException e) {
                forget(id);
                throw e;
            } catch (RuntimeException e) {
                forget(id);
                throw e;
            }
            awaitReply(call);
            if (call.error != null) {
                throw call.error instanceof CellDetectException ? call.error : new IOException(call.error.getMessage(), call.error);
            }
            return call.reply;
        } finally {
            if (oneCallAtATime != null) {
                oneCallAtATime.unlock();
            }
        }
    }

    @Override
    public void close() throws IOException {
        stateLock.lock();
        try {
            if (lost == null) {
                lose(new IOException("The client was closed."));
            }
        } finally {
            stateLock.unlock();
        }
        connection.close();
    }

    private DetectResult detectPixels(Payload payload, String dtype, int width, int height, int channels, PixelLayout layout,
                                      DetectOptions options, ProgressListener progress) throws IOException {
        long expected = (long) width * height * channels * ("u8".equals(dtype) ? 1 : "u16".equals(dtype) ? 2 : 4);
        if (payload.length() != expected) {
            throw new IllegalArgumentException(width + " x " + height + " x " + channels + " " + dtype + " pixels are " + expected
                    + " bytes, not " + payload.length());
        }
        Object limit = server == null ? null : ((Map<?, ?>) server.get("limits")).get("maxPayloadBytes");
        if (limit instanceof Number && payload.length() > ((Number) limit).longValue()) {
            throw new CellDetectException(ErrorCodes.PAYLOAD_TOO_LARGE, "The pixels are " + payload.length()
                    + " bytes, over the service's limit of " + limit + ": send a region, or the file's path.");
        }
        Map<String, Object> pixels = new LinkedHashMap<String, Object>();
        pixels.put("dtype", dtype);
        pixels.put("width", width);
        pixels.put("height", height);
        pixels.put("channels", channels);
        pixels.put("layout", layout.wireName());
        Map<String, Object> params = optionsOrNone(options).toParams();
        params.put("pixels", pixels);
        return detect(params, payload, progress);
    }

    private DetectResult detect(Map<String, Object> params, Payload payload, ProgressListener progress) throws IOException {
        Reply reply = call("detect", params, payload, progress);
        return new DetectResult(reply.result(), reply.payload());
    }

    private static DetectOptions optionsOrNone(DetectOptions options) {
        return options == null ? new DetectOptions() : options;
    }

    private long register(Call call) throws IOException {
        stateLock.lock();
        try {
            if (lost != null) {
                throw new IOException(lost.getMessage(), lost);
            }
            long id = ++lastId;
            pending.put(id, call);
            return id;
        } finally {
            stateLock.unlock();
        }
    }

    private void forget(long id) {
        stateLock.lock();
        try {
            pending.remove(id);
        } finally {
            stateLock.unlock();
        }
    }

    private void send(long id, String method, Map<String, Object> params, Payload payload) throws IOException {
        Map<String, Object> header = new LinkedHashMap<String, Object>();
        header.put("id", id);
        header.put("method", method);
        if (params != null) {
            header.put("params", params);
        }
        byte[] headerBytes = Frame.encodeHeader(header);
        synchronized (sendLock) {
            Frame.write(connection, headerBytes, payload);
        }
    }

    /** Waits until the call has its reply; the first free waiting thread reads frames and hands them out. */
    private void awaitReply(Call call) {
        stateLock.lock();
        try {
            while (!call.isDone()) {
                if (reading) {
                    stateChanged.awaitUninterruptibly();
                    continue;
                }
                reading = true;
                List<Runnable> callbacks = new ArrayList<Runnable>();
                try {
                    Frame frame;
                    stateLock.unlock();
                    try {
                        frame = Frame.read(connection, Frame.MAX_REPLY_HEADER_BYTES, Frame.MAX_PAYLOAD_BYTES);
                    } finally {
                        stateLock.lock();
                    }
                    if (frame == null) {
                        lose(new IOException("The CellDetect service closed the connection."));
                    } else {
                        dispatch(frame, callbacks);
                    }
                } catch (CellDetectException e) {
                    lose(e);
                } catch (IOException e) {
                    lose(new IOException("Reading from the CellDetect service failed: " + e.getMessage(), e));
                } catch (RuntimeException e) {
                    lose(new IOException("Reading from the CellDetect service failed: " + e, e));
                    throw e;
                } finally {
                    reading = false;
                    stateChanged.signalAll();
                }
                for (Runnable callback : callbacks) {
                    stateLock.unlock();
                    try {
                        callback.run();
                    } finally {
                        stateLock.lock();
                    }
                }
            }
        } finally {
            stateLock.unlock();
        }
    }

    /** Hands a frame to its call (state lock held); progress callbacks are collected to run without the lock. */
    private void dispatch(Frame frame, List<Runnable> callbacks) {
        if (!(frame.header() instanceof Map)) {
            return;
        }
        Map<?, ?> header = (Map<?, ?>) frame.header();
        final Long id = header.get("id") instanceof Long ? (Long) header.get("id") : null;
        if (header.get("result") instanceof Map) {
            Call call = id == null ? null : pending.remove(id);
            if (call != null) {
                call.reply = new Reply(stringKeyed(header.get("result")), frame.payload());
            }
        } else if (header.get("error") instanceof Map) {
            Map<?, ?> error = (Map<?, ?>) header.get("error");
            Object data = error.get("data");
            CellDetectException exception = new CellDetectException(text(error.get("code"), ErrorCodes.INTERNAL), text(error.get("message"), ""),
                    data instanceof Map ? stringKeyed(data) : null, id);
            // An error without an id is about a frame the service could not read: any pending call may be the one.
            for (Long failed : id != null ? Collections.singletonList(id) : new ArrayList<Long>(pending.keySet())) {
                Call call = pending.remove(failed);
                if (call != null) {
                    call.error = exception;
                }
            }
        } else if ("progress".equals(header.get("notification")) && header.get("params") instanceof Map) {
            Call call = id == null ? null : pending.get(id);
            if (call != null && call.progress != null) {
                Map<?, ?> params = (Map<?, ?>) header.get("params");
                final ProgressListener listener = call.progress;
                final long done = whole(params.get("done"), 0);
                final long total = whole(params.get("total"), 1);
                final String stage = text(params.get("stage"), "");
                callbacks.add(new Runnable() {
                    @Override
                    public void run() {
                        listener.progress(id, done, total, stage);
                    }
                });
            }
        }
        // Replies to abandoned calls and notifications of kinds this client does not know are dropped.
    }

    /** Fails every pending call (state lock held): the connection can no longer be trusted. */
    private void lose(IOException error) {
        lost = error;
        for (Call call : pending.values()) {
            call.error = error;
        }
        pending.clear();
        stateChanged.signalAll();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Object map) {
        return (Map<String, Object>) map;
    }

    private static String text(Object value, String otherwise) {
        return value instanceof String ? (String) value : otherwise;
    }

    private static long whole(Object value, long otherwise) {
        return value instanceof Number ? ((Number) value).longValue() : otherwise;
    }

    /** A request waiting for its reply. */
    private static final class Call {
        final ProgressListener progress;
        Reply reply;
        IOException error;

        Call(ProgressListener progress) {
            this.progress = progress;
        }

        boolean isDone() {
            return reply != null || error != null;
        }
    }
}
