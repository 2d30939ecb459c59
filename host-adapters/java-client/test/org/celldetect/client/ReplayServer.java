package org.celldetect.client;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the service on a Unix socket: plays the server side of an example exchange on one
 * connection. Where the script has client frames it reads as many (in any order, found by id) and
 * checks method, params and payload length; where it has server frames it writes them; then it hangs up.
 */
final class ReplayServer implements AutoCloseable {
    /** The payload of the server frame at an index of the script, given its length. */
    interface Payloads {
        byte[] forFrame(int index, int length);
    }

    private final List<Map<String, Object>> frames;
    private final Payloads payloads;
    private final ServerSocketChannel listener;
    private final Thread thread;
    private final Map<Long, byte[]> received = new HashMap<Long, byte[]>();
    private final File socket;
    private Throwable failure;

    ReplayServer(File socket, List<Map<String, Object>> frames, Payloads payloads) throws Exception {
        this.socket = socket;
        this.frames = frames;
        this.payloads = payloads != null ? payloads : new Payloads() {
            @Override
            public byte[] forFrame(int index, int length) {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) (i % 251);
                }
                return bytes;
            }
        };
        Method open = ServerSocketChannel.class.getMethod("open", ProtocolFamily.class);
        listener = (ServerSocketChannel) open.invoke(null, UnixSocketConnection.unixFamily());
        listener.bind(UnixSocketConnection.address(socket.getPath()));
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                play();
            }
        }, "replay server");
        thread.setDaemon(true);
        thread.start();
    }

    /** A fresh socket path in the temporary folder (short: Unix socket paths are limited to about 104 bytes). */
    static File freshSocket() throws IOException {
        File file = File.createTempFile("cdj", ".sock");
        file.delete();
        return file;
    }

    /** Waits until request {@code id} has been read, so that the client's next request gets the next id. */
    synchronized void awaitReceived(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10000;
        while (!received.containsKey(id) && failure == null && System.currentTimeMillis() < deadline) {
            wait(100);
        }
        Check.isTrue(received.containsKey(id), "request " + id + " never came");
    }

    synchronized byte[] payloadOf(long id) {
        return received.get(id);
    }

    /** Waits for the end of the script and fails with what went wrong in it. */
    void finish() throws Throwable {
        thread.join(10000);
        Check.isTrue(!thread.isAlive(), "the replay did not finish: the client did not send what the script expects");
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        socket.delete();
    }

    private void play() {
        try {
            Connection connection = new UnixSocketConnection(listener.accept());
            try {
                for (int index = 0; index < frames.size(); ) {
                    Map<String, Object> frame = frames.get(index);
                    if ("server-to-client".equals(frame.get("direction"))) {
                        int length = ((Number) frame.get("payloadLength")).intValue();
                        Frame.write(connection, Json.write(frame.get("header")).getBytes(StandardCharsets.UTF_8), Payload.of(payloads.forFrame(index, length)));
                        index++;
                        continue;
                    }
                    Map<Long, Map<String, Object>> expected = new LinkedHashMap<Long, Map<String, Object>>();
                    for (; index < frames.size() && "client-to-server".equals(frames.get(index).get("direction")); index++) {
                        expected.put((Long) header(frames.get(index)).get("id"), frames.get(index));
                    }
                    while (!expected.isEmpty()) {
                        Frame request = Frame.read(connection, Frame.MAX_REQUEST_HEADER_BYTES, Frame.MAX_PAYLOAD_BYTES);
                        Check.isTrue(request != null, "the client hung up; requests " + expected.keySet() + " never came");
                        Map<?, ?> actual = (Map<?, ?>) request.header();
                        Map<String, Object> script = expected.remove(actual.get("id"));
                        Check.isTrue(script != null, "request " + actual.get("id") + " is not in the script here: " + Json.write(actual));
                        checkRequest(script, actual, request.payload().length);
                        synchronized (this) {
                            received.put((Long) actual.get("id"), request.payload());
                            notifyAll();
                        }
                    }
                }
            } finally {
                connection.close();
            }
        } catch (Throwable e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(Map<String, Object> frame) {
        return (Map<String, Object>) frame.get("header");
    }

    /** Same method and payload length; every member of the script's params in the request's (hello's client name aside). */
    private static void checkRequest(Map<String, Object> script, Map<?, ?> actual, int payloadLength) {
        Map<String, Object> expected = header(script);
        Check.equal(expected.get("method"), actual.get("method"), "method");
        Check.equal(((Number) script.get("payloadLength")).intValue(), payloadLength, "payload length of request " + actual.get("id"));
        Map<?, ?> expectedParams = (Map<?, ?>) expected.get("params");
        Map<?, ?> actualParams = (Map<?, ?>) actual.get("params");
        if (expectedParams == null) {
            return;
        }
        for (Map.Entry<?, ?> member : expectedParams.entrySet()) {
            if ("hello".equals(expected.get("method")) && "client".equals(member.getKey())) {
                continue;
            }
            Check.isTrue(actualParams != null && contains(actualParams.get(member.getKey()), member.getValue()),
                    "params." + member.getKey() + " should be " + Json.write(member.getValue()) + ", the request is " + Json.write(actual));
        }
    }

    private static boolean contains(Object actual, Object expected) {
        if (expected instanceof Map) {
            if (!(actual instanceof Map)) {
                return false;
            }
            for (Map.Entry<?, ?> member : ((Map<?, ?>) expected).entrySet()) {
                if (!contains(((Map<?, ?>) actual).get(member.getKey()), member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof Number && actual instanceof Number) {
            return ((Number) expected).doubleValue() == ((Number) actual).doubleValue();
        }
        return expected == null ? actual == null : expected.equals(actual);
    }

}
