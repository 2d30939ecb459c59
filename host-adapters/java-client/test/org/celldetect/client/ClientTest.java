package org.celldetect.client;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The client against ReplayServer playing the example exchanges of manifests/protocol/examples. */
public final class ClientTest {
    private ClientTest() {
    }

    public static void testEveryExampleReplaysThroughCall() throws Throwable {
        for (String name : TestFiles.exampleNames()) {
            final List<Map<String, Object>> frames = TestFiles.example(name);
            File socket = ReplayServer.freshSocket();
            ReplayServer server = new ReplayServer(socket, frames, null);
            try {
                final CellDetectClient client = CellDetectClient.over(Endpoint.connect(socket.getPath()));
                final Map<Long, Object> outcomes = new ConcurrentHashMap<Long, Object>();
                List<Thread> threads = new ArrayList<Thread>();
                for (final Map<String, Object> frame : frames) {
                    if (!"client-to-server".equals(frame.get("direction"))) {
                        continue;
                    }
                    final Map<?, ?> header = (Map<?, ?>) frame.get("header");
                    Thread thread = new Thread(new Runnable() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public void run() {
                            Long id = (Long) header.get("id");
                            try {
                                byte[] payload = new byte[((Number) frame.get("payloadLength")).intValue()];
                                outcomes.put(id, client.call((String) header.get("method"), (Map<String, Object>) header.get("params"), Payload.of(payload), null));
                            } catch (IOException e) {
                                outcomes.put(id, e);
                            }
                        }
                    });
                    thread.start();
                    server.awaitReceived((Long) header.get("id"));
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join(10000);
                }
                for (Map<String, Object> frame : frames) {
                    Map<?, ?> header = (Map<?, ?>) frame.get("header");
                    if (!"server-to-client".equals(frame.get("direction")) || header.containsKey("notification")) {
                        continue;
                    }
                    Object outcome = outcomes.get(header.get("id"));
                    String what = name + ": reply " + header.get("id");
                    if (header.containsKey("error")) {
                        Check.isTrue(outcome instanceof CellDetectException, what + " should fail, got " + outcome);
                        Check.equal(((Map<?, ?>) header.get("error")).get("code"), ((CellDetectException) outcome).code(), what);
                    } else {
                        Check.isTrue(outcome instanceof Reply, what + " should succeed, got " + outcome);
                        Check.equal(header.get("result"), ((Reply) outcome).result(), what);
                        Check.equal(((Number) frame.get("payloadLength")).intValue(), ((Reply) outcome).payload().length, what + " payload");
                    }
                }
                client.close();
                server.finish();
            } finally {
                server.close();
            }
        }
    }

    public static void testHelloAndModels() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("models-list"), null);
        try {
            CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            List<Map<String, Object>> models = client.models();
            client.close();
            server.finish();
            Check.equal(1L, client.server().get("protocol"), "protocol");
            Check.equal(3, models.size(), "models");
            Check.equal("lymphocytes-40x", models.get(2).get("name"), "a model file's name");
            Check.isTrue(models.get(0).containsKey("pixelSizeMicrons") && models.get(0).get("pixelSizeMicrons") == null, "an unknown pixel size is null");
        } finally {
            server.close();
        }
    }

    public static void testEightBitPixelsAndProgress() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("detect-pixels"), null);
        try {
            CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            byte[] pixels = new byte[512 * 512 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 13);
            }
            final List<String> reports = new ArrayList<String>();
            DetectResult result = client.detectPixels(pixels, 512, 512, 3, PixelLayout.INTERLEAVED, null, new ProgressListener() {
                @Override
                public void progress(long requestId, long done, long total, String stage) {
                    reports.add(requestId + " " + done + "/" + total + " " + stage);
                }
            });
            client.close();
            server.finish();
            Check.isTrue(Arrays.equals(pixels, server.payloadOf(2)), "the pixels arrive as they are");
            Check.equal(Collections.singletonList("2 1/1 detecting"), reports, "progress");
            Check.equal(2, result.count(), "count");
            Check.equal(101.0, result.points().get(0).x, "x");
            Check.equal(0.77, result.points().get(1).score, "score");
            Check.equal("he-nuclei", result.modelName(), "model");
            Check.isTrue(result.modelReason().startsWith("colour image"), "reason");
            Check.equal(null, result.page(), "page of pixels");
            Check.equal(null, result.proximityMap(), "no map asked for");
        } finally {
            server.close();
        }
    }

    public static void testSixteenBitPixelsWithTheProximityMap() throws Throwable {
        List<Map<String, Object>> frames = TestFiles.example("detect-pixels-proximity-map");
        final int last = frames.size() - 1;
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, frames, new ReplayServer.Payloads() {
            @Override
            public byte[] forFrame(int index, int length) {
                ByteBuffer map = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                while (index == last && map.hasRemaining()) {
                    map.putFloat(map.position() / 4 * 0.25f);
                }
                return map.array();
            }
        });
        try {
            CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            short[] pixels = new short[640 * 480];
            pixels[1] = (short) 40000;
            DetectResult result = client.detectPixels(pixels, 640, 480, 1, PixelLayout.INTERLEAVED, new DetectOptions()
                    .model("fluorescence-nuclei").stride(2).region(64, 32, 256, 128).pixelSizeMicrons(0.65).proximityMap(true), null);
            client.close();
            server.finish();
            ByteBuffer sent = ByteBuffer.wrap(server.payloadOf(2)).order(ByteOrder.LITTLE_ENDIAN);
            Check.equal(40000, sent.getShort(2) & 0xFFFF, "an unsigned 16-bit sample, little-endian");
            Check.equal(256, result.proximityMapWidth(), "map width");
            Check.equal(256 * 128, result.proximityMap().length, "map values");
            Check.equal(250.0f, result.proximityMap()[1000], "map value");
            Check.isTrue(Arrays.equals(new int[] {64, 32, 256, 128}, result.region()), "region");
        } finally {
            server.close();
        }
    }

    public static void testCancelFromTheProgressListenerEvenOneCallAtATime() throws Throwable {
        for (final boolean fullDuplex : new boolean[] {true, false}) {
            File socket = ReplayServer.freshSocket();
            ReplayServer server = new ReplayServer(socket, TestFiles.example("cancel"), null);
            try {
                final CellDetectClient client = CellDetectClient.over(new Duplex(Endpoint.connect(socket.getPath()), fullDuplex));
                client.hello("test");
                final List<Boolean> answers = new ArrayList<Boolean>();
                CellDetectException thrown = Check.throwsA(CellDetectException.class, new Check.Action() {
                    @Override
                    public void run() throws Exception {
                        client.detectPath("/data/slides/whole-slide.svs.tif", null, new ProgressListener() {
                            @Override
                            public void progress(long requestId, long done, long total, String stage) {
                                try {
                                    answers.add(client.cancel(requestId));
                                } catch (IOException e) {
                                    throw new AssertionError(e);
                                }
                            }
                        });
                    }
                }, "the cancelled detection");
                answers.add(client.cancel(2));
                client.close();
                server.finish();
                Check.equal(ErrorCodes.CANCELLED, thrown.code(), "code");
                Check.equal(2L, thrown.requestId(), "request id");
                Check.equal(Arrays.asList(true, false), answers, "cancel answers, full duplex " + fullDuplex);
            } finally {
                server.close();
            }
        }
    }

    public static void testBusyIsAnErrorWithACode() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("busy"), null);
        try {
            final CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            CellDetectException thrown = Check.throwsA(CellDetectException.class, new Check.Action() {
                @Override
                public void run() throws Exception {
                    client.detectPixels(new short[2048 * 2048], 2048, 2048, 1, PixelLayout.INTERLEAVED, new DetectOptions().failWhenBusy(), null);
                }
            }, "a busy service");
            client.close();
            server.finish();
            Check.equal(ErrorCodes.BUSY, thrown.code(), "code");
            Check.equal(16L, thrown.data().get("maxQueued"), "queue size");
        } finally {
            server.close();
        }
    }

    public static void testPipelinedCallsFromThreadsGetTheirOwnReplies() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("pipelined"), null);
        try {
            final CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            final Map<String, Object> results = new ConcurrentHashMap<String, Object>();
            List<Thread> threads = new ArrayList<Thread>();
            long id = 2;
            for (final String path : new String[] {"/data/plate1/A01.tif", "/data/plate1/A02.tif"}) {
                Thread thread = new Thread(new Runnable() {
                    @Override
                    public void run() {
                        try {
                            results.put(path, client.detectPath(path, null, null));
                        } catch (IOException e) {
                            results.put(path, e);
                        }
                    }
                });
                thread.start();
                server.awaitReceived(id++);
                threads.add(thread);
            }
            List<Map<String, Object>> models = client.models();
            for (Thread thread : threads) {
                thread.join(10000);
            }
            client.close();
            server.finish();
            Check.equal(1, ((DetectResult) results.get("/data/plate1/A01.tif")).count(), "first");
            Check.equal(420.4, ((DetectResult) results.get("/data/plate1/A02.tif")).timing("queuedMs"), "second waited");
            Check.equal(2, models.size(), "models");
        } finally {
            server.close();
        }
    }

    public static void testChecksMadeBeforeSending() throws Throwable {
        List<Map<String, Object>> hello = TestFiles.example("hello");
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) hello.get(1).get("header")).get("result");
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) result.get("limits");
        limits.put("maxPayloadBytes", 100L);
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, hello, null);
        try {
            final CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            CellDetectException tooLarge = Check.throwsA(CellDetectException.class, new Check.Action() {
                @Override
                public void run() throws Exception {
                    client.detectPixels(new byte[101], 101, 1, 1, PixelLayout.INTERLEAVED, null, null);
                }
            }, "pixels over the limit");
            Check.throwsA(IllegalArgumentException.class, new Check.Action() {
                @Override
                public void run() throws Exception {
                    client.detectPixels(new byte[99], 10, 10, 1, PixelLayout.INTERLEAVED, null, null);
                }
            }, "pixels of the wrong length");
            Check.throwsA(IllegalArgumentException.class, new Check.Action() {
                @Override
                public void run() {
                    new DetectOptions().threshold(Double.NaN);
                }
            }, "a NaN threshold");
            client.close();
            server.finish();
            Check.equal(ErrorCodes.PAYLOAD_TOO_LARGE, tooLarge.code(), "code");
        } finally {
            server.close();
        }
    }

    public static void testALostConnectionFailsTheWaitingCallAndLaterOnes() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("detect-path").subList(0, 3), null);
        try {
            final CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            IOException thrown = Check.throwsA(IOException.class, new Check.Action() {
                @Override
                public void run() throws Exception {
                    client.detectPath("/data/slides/crc-17.ome.tif", new DetectOptions().page(0).region(2048, 1536, 256, 256)
                            .model("he-nuclei").threshold(0.3).geojson(true), null);
                }
            }, "the cut-off detection");
            Check.isTrue(thrown.getMessage().contains("closed the connection"), thrown.getMessage());
            Check.throwsA(IOException.class, new Check.Action() {
                @Override
                public void run() throws Exception {
                    client.models();
                }
            }, "a call after the loss");
            client.close();
            server.finish();
        } finally {
            server.close();
        }
    }

    public static void testEndpointsFollowTheDotnetPipeRule() {
        Check.equal("/var/folders/x/T/CoreFxPipe_celldetect", Endpoint.pathFor("celldetect", false, "/var/folders/x/T/"), "TMPDIR");
        Check.equal("/tmp/CoreFxPipe_cd", Endpoint.pathFor("cd", false, null), "no TMPDIR");
        Check.equal("/tmp/CoreFxPipe_cd", Endpoint.pathFor("cd", false, ""), "empty TMPDIR");
        Check.equal("/run/cd.sock", Endpoint.pathFor("/run/cd.sock", false, "/tmp"), "absolute path");
        Check.equal("\\\\.\\pipe\\celldetect", Endpoint.pathFor("celldetect", true, null), "Windows");
        Check.equal("\\\\.\\pipe\\celldetect", Endpoint.pathFor("\\\\.\\pipe\\celldetect", true, null), "Windows full path");
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                Endpoint.pathFor("a/b", false, null);
            }
        }, "a relative path");
    }

    public static void testWithNoServiceConnectNamesTheEndpointAndHowToStartIt() {
        final String name = "celldetect-test-nobody-" + System.nanoTime();
        ServiceUnavailableException thrown = Check.throwsA(ServiceUnavailableException.class, new Check.Action() {
            @Override
            public void run() throws Exception {
                CellDetectClient.connect(name, "test");
            }
        }, "connecting to nobody");
        Check.isTrue(thrown.getMessage().contains(Endpoint.pathFor(name)), thrown.getMessage());
        Check.isTrue(thrown.getMessage().contains("celldetect serve --pipe " + name), thrown.getMessage());
    }

    /** A connection that claims it cannot read and write at once, as a Windows pipe. */
    private static final class Duplex implements Connection {
        private final Connection inner;
        private final boolean fullDuplex;

        Duplex(Connection inner, boolean fullDuplex) {
            this.inner = inner;
            this.fullDuplex = fullDuplex;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return inner.read(buffer, offset, length);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            inner.write(buffer, offset, length);
        }

        @Override
        public boolean isFullDuplex() {
            return fullDuplex;
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
