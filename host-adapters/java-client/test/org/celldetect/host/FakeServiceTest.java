package org.celldetect.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.Check;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.FakeDetectionService;
import org.celldetect.client.Point;
import org.celldetect.client.ServiceUnavailableException;

/**
 * ImageDetection and FrameDetector against FakeDetectionService, whose "cells" are marker pixels
 * and whose detections take as long as a test says.
 */
public final class FakeServiceTest {
    /** Scheduling slack allowed on top of a wait bound, on a loaded two-core test machine. */
    static final long SLACK_MILLIS = 60;

    private FakeServiceTest() {
    }

    /** A gray u8 image with a marker pixel at each (x, y). */
    static ImagePixels markers(int width, int height, int[][] cells) {
        byte[] samples = new byte[width * height];
        for (int[] cell : cells) {
            samples[cell[1] * width + cell[0]] = (byte) 255;
        }
        return ImagePixels.of(samples, width, height, 1);
    }

    /** Reads a rectangle of a full-resolution u8 gray image, downsampled by taking each block's maximum (markers survive). */
    static PixelTiles.Reader maximumReader(final ImagePixels image) {
        return (rect, downsample) -> {
            int width = (int) Math.max(1, Math.round(rect.width / downsample));
            int height = (int) Math.max(1, Math.round(rect.height / downsample));
            byte[] source = (byte[]) image.samples();
            byte[] out = new byte[width * height];
            for (int y = rect.y; y < rect.y + rect.height; y++) {
                for (int x = rect.x; x < rect.x + rect.width; x++) {
                    int index = Math.min(height - 1, (int) ((y - rect.y) * height / (double) rect.height)) * width
                            + Math.min(width - 1, (int) ((x - rect.x) * width / (double) rect.width));
                    out[index] = (byte) Math.max(out[index] & 0xff, source[y * image.width() + x] & 0xff);
                }
            }
            return ImagePixels.of(out, width, height, 1);
        };
    }

    public static void testEveryCellOnceAcrossTilesWithoutDownsample() throws Exception {
        int size = 2300;
        List<int[]> cells = new ArrayList<int[]>();
        // On and around the 1024-pixel core edges and in the 48-pixel margins, further apart than the peak radius (3) as cells are.
        for (int c : new int[] {0, 5, 1000, 1019, 1026, 1071, 1080, 2040, 2047, 2055, 2299}) {
            cells.add(new int[] {c, 1500});
            cells.add(new int[] {700, c});
        }
        ImagePixels image = markers(size, size, cells.toArray(new int[0][]));
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(SettingsTest.detectCells()), size, size, null, true);
            List<Point> found = detection.detect(new PixelRect(0, 0, size, size), maximumReader(image));
            Check.equal(cells.size(), found.size(), "each marker once: " + found);
            for (int[] cell : cells) {
                Check.isTrue(contains(found, cell[0], cell[1], 0), "found (" + cell[0] + ", " + cell[1] + ")");
            }
            Check.equal(9, service.detectRequests(), "3 x 3 tiles");
            for (Map<String, Object> params : service.receivedParams()) {
                Check.equal("fluorescence-nuclei", params.get("model"), "auto resolved once for every tile");
                Check.isTrue(!params.containsKey("pixelSizeMicrons"), "an uncalibrated image sends no pixel size");
            }
        }
    }

    public static void testDownsampledToTheModelsPixelSizeAndMappedBack() throws Exception {
        int size = 3000;
        // Cores are 2048 image pixels; merging reaches 3 x 2 image pixels.
        int[][] cells = {{101, 201}, {2047, 500}, {2055, 510}, {500, 2048}, {2999, 0}, {1500, 1500}};
        ImagePixels image = markers(size, size, cells);
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), 0.5);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(SettingsTest.detectCells()), size, size, 0.25, false);
            Check.equal("he-nuclei", detection.model().name, "brightfield default");
            Check.equal(2.0, detection.downsample(), "0.5 / 0.25");
            List<Point> found = detection.detect(new PixelRect(0, 0, size, size), maximumReader(image));
            Check.equal(cells.length, found.size(), "each cell once: " + found);
            for (int[] cell : cells) {
                Check.isTrue(contains(found, cell[0], cell[1], 1.0), "found (" + cell[0] + ", " + cell[1] + ") within a sent pixel: " + found);
            }
            for (Map<String, Object> params : service.receivedParams()) {
                Check.equal(0.5, ((Number) params.get("pixelSizeMicrons")).doubleValue(), "the tile's pixel size is the model's");
            }
        }
    }

    public static void testTheFirstTilesEstimatedCellSizeIsSentWithTheOtherTiles() throws Exception {
        int size = 3000;
        // Enough cells in the first tile to trust its estimate, one in the last.
        int[][] cells = new int[SharedCellDiameter.MIN_CELLS + 1][];
        for (int i = 0; i < SharedCellDiameter.MIN_CELLS; i++) {
            cells[i] = new int[] {100 + 20 * i, 200};
        }
        cells[SharedCellDiameter.MIN_CELLS] = new int[] {2500, 2500};
        ImagePixels image = markers(size, size, cells);
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), 0.5).estimatesCellDiameter(12);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(SettingsTest.detectCells()), size, size, 0.25, false);
            Check.equal(cells.length, detection.detect(new PixelRect(0, 0, size, size), maximumReader(image)).size(), "every cell");
            List<Map<String, Object>> sent = service.receivedParams();
            Check.equal(4, sent.size(), "2 x 2 tiles at downsample 2");
            Check.isTrue(!sent.get(0).containsKey("cellDiameterPixels"), "the first tile is estimated by the service");
            for (Map<String, Object> params : sent.subList(1, sent.size())) {
                // 12 sent pixels of the first tile are 24 image pixels; each tile is sent at about half the image's resolution.
                Check.isTrue(Math.abs(((Number) params.get("cellDiameterPixels")).doubleValue() - 12) < 0.1, "the first tile's estimate: " + params);
            }
        }
    }

    public static void testTheSettingsPixelSizeOverridesTheCalibration() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), 1.0);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            DetectionParameters settings = new DetectionParameters(SettingsTest.detectCells()).set("pixelSizeMicrons", "0.25");
            ImageDetection detection = new ImageDetection(client, settings, 100, 100, 0.5, false);
            Check.equal(4.0, detection.downsample(), "1.0 / 0.25");
        }
    }

    static boolean contains(List<Point> points, double x, double y, double tolerance) {
        for (Point point : points) {
            if (Math.abs(point.x - x) <= tolerance && Math.abs(point.y - y) <= tolerance) {
                return true;
            }
        }
        return false;
    }

    // FrameDetector

    static FrameDetector frames(FakeDetectionService service, FrameDetector.WhenBusy whenBusy, long maxWaitMillis) {
        return new FrameDetector(() -> CellDetectClient.connect(service.path(), "frames"), new FrameDetector.Policy(whenBusy, maxWaitMillis, 1, 5000),
                new DetectOptions());
    }

    public static void testEachFrameGetsItsOwnCells() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null);
             FrameDetector detector = frames(service, FrameDetector.WhenBusy.QUEUE, 5000)) {
            for (int frame = 0; frame < 6; frame++) {
                int[][] cells = new int[frame][];
                for (int i = 0; i < frame; i++) {
                    cells[i] = new int[] {10 * i, 3};
                }
                FrameOutcome outcome = detector.detect(markers(64, 64, cells), 0.65);
                Check.equal(FrameOutcome.Status.DETECTED, outcome.status(), "frame " + frame + ": " + outcome);
                Check.equal(frame, outcome.metadata().get(FrameOutcome.COUNT), "frame " + frame + " count");
            }
            Check.equal(0.65, ((Number) service.receivedParams().get(0).get("pixelSizeMicrons")).doubleValue(), "the frame's calibration is sent");
            Check.equal(null, service.receivedParams().get(0).get("whenBusy"), "queue waits (the default)");
        }
    }

    /** A gray u8 frame with a marker cell every 5 pixels along the first rows: {@code count} cells. */
    static ImagePixels frameWithCells(int count) {
        int[][] cells = new int[count][];
        for (int i = 0; i < count; i++) {
            cells[i] = new int[] {5 * (i % 12), 5 * (i / 12)};
        }
        return markers(64, 64, cells);
    }

    public static void testTheFirstFramesEstimatedCellSizeIsSentWithTheLaterFrames() throws Exception {
        int enough = SharedCellDiameter.MIN_CELLS;
        // Per acquisition: a nearly blank frame (its estimate is not trusted), then frames with enough cells.
        int[] cellsPerFrame = {enough - 1, enough, enough + 3, enough};
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null).estimatesCellDiameter(31.5)) {
            for (int acquisition = 0; acquisition < 2; acquisition++) {
                try (FrameDetector detector = frames(service, FrameDetector.WhenBusy.QUEUE, 5000)) {
                    for (int frame = 0; frame < cellsPerFrame.length; frame++) {
                        FrameOutcome outcome = detector.detect(frameWithCells(cellsPerFrame[frame]), null);
                        Check.equal(FrameOutcome.Status.DETECTED, outcome.status(), "acquisition " + acquisition + ", frame " + frame + ": " + outcome);
                        Check.equal(cellsPerFrame[frame], outcome.metadata().get(FrameOutcome.COUNT), "the frame's own cells");
                    }
                }
            }
            List<Map<String, Object>> sent = service.receivedParams();
            Check.equal(2 * cellsPerFrame.length, sent.size(), "every frame was sent");
            for (int acquisition = 0; acquisition < 2; acquisition++) {
                int first = cellsPerFrame.length * acquisition;
                Check.equal(null, sent.get(first).get("cellDiameterPixels"), "an acquisition's first frame is estimated by the service");
                Check.equal(null, sent.get(first + 1).get("cellDiameterPixels"), "so is the next, after a frame with too few cells to trust");
                for (int frame = 2; frame < cellsPerFrame.length; frame++) {
                    Check.equal(31.5, ((Number) sent.get(first + frame).get("cellDiameterPixels")).doubleValue(),
                            "frame " + frame + " is sent with the estimate of the first frame with enough cells");
                }
            }
        }
    }

    public static void testACameraFasterThanTheServiceIsNeverHeldLongerThanTheWait() throws Exception {
        long maxWait = 50;
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null).detectMillis(200);
             FrameDetector detector = frames(service, FrameDetector.WhenBusy.SKIP, maxWait)) {
            List<FrameOutcome> outcomes = new ArrayList<FrameOutcome>();
            long longest = 0;
            for (int frame = 0; frame < 40; frame++) {
                long start = System.nanoTime();
                outcomes.add(detector.detect(markers(32, 32, new int[][] {{1, 1}}), null));
                longest = Math.max(longest, (System.nanoTime() - start) / 1000000);
                Thread.sleep(10);
            }
            Check.isTrue(longest <= maxWait + SLACK_MILLIS, "held a frame " + longest + " ms; the bound is " + maxWait + " ms");
            int timeouts = 0;
            for (FrameOutcome outcome : outcomes) {
                Check.isTrue(outcome.status() != FrameOutcome.Status.DETECTED, "no result can come within 50 ms: " + outcome);
                timeouts += outcome.status() == FrameOutcome.Status.SKIPPED_TIMEOUT ? 1 : 0;
                Check.isTrue(!outcome.metadata().containsKey(FrameOutcome.COUNT), "a skipped frame carries no cells");
                Check.isTrue(outcome.metadata().get(FrameOutcome.REASON) != null, "and says why");
            }
            Check.isTrue(timeouts >= 1, "frames sent timed out");
            final int sent = timeouts;
            waitFor(() -> service.detectRequests() >= sent);
        }
    }

    public static void testATimedOutFrameIsCancelledAndTheNextFrameIsDetected() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null).detectMillis(400);
             FrameDetector detector = frames(service, FrameDetector.WhenBusy.QUEUE, 100)) {
            Check.equal(FrameOutcome.Status.SKIPPED_TIMEOUT, detector.detect(markers(16, 16, new int[0][]), null).status(), "slow frame");
            waitFor(() -> service.cancelled() == 1);
            service.detectMillis(0);
            FrameOutcome next = awaitDetected(detector, markers(16, 16, new int[][] {{2, 2}, {5, 5}}));
            Check.equal(2, next.result().count(), "the next frame's own cells, not the cancelled frame's");
            Check.isTrue(next.result().timing("totalMs") >= 0, "timings");
        }
    }

    public static void testSkipModeDoesNotWaitBehindOtherWork() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null).detectMillis(1000);
             CellDetectClient other = CellDetectClient.connect(service.path(), "someone else");
             FrameDetector skip = frames(service, FrameDetector.WhenBusy.SKIP, 800)) {
            Thread someoneElse = busyWith(other);
            waitFor(() -> service.detectRequests() == 1);
            long start = System.nanoTime();
            FrameOutcome outcome = skip.detect(markers(16, 16, new int[0][]), null);
            long waited = (System.nanoTime() - start) / 1000000;
            Check.equal(FrameOutcome.Status.SKIPPED_BUSY, outcome.status(), "busy: " + outcome);
            Check.equal("fail", service.receivedParams().get(1).get("whenBusy"), "skip sends whenBusy fail");
            Check.isTrue(waited < 400, "skipped at once, not after the wait: " + waited + " ms");
            someoneElse.join();
        }
    }

    public static void testQueueModeWaitsBehindOtherWorkWithinTheWait() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null).detectMillis(300);
             CellDetectClient other = CellDetectClient.connect(service.path(), "someone else");
             FrameDetector queue = frames(service, FrameDetector.WhenBusy.QUEUE, 3000)) {
            Thread someoneElse = busyWith(other);
            waitFor(() -> service.detectRequests() == 1);
            FrameOutcome outcome = queue.detect(markers(16, 16, new int[][] {{3, 4}}), null);
            Check.equal(FrameOutcome.Status.DETECTED, outcome.status(), "queued behind the other request: " + outcome);
            Check.equal(1, outcome.result().count(), "its own cell");
            someoneElse.join();
        }
    }

    public static void testWithoutAServiceFramesAreSkippedAndConnectingIsRetriedSparingly() throws Exception {
        final AtomicInteger attempts = new AtomicInteger();
        FrameDetector.Connector nobody = () -> {
            attempts.incrementAndGet();
            throw new ServiceUnavailableException("nobody listens", null);
        };
        try (FrameDetector detector = new FrameDetector(nobody, new FrameDetector.Policy(FrameDetector.WhenBusy.SKIP, 100, 1, 60000), new DetectOptions())) {
            for (int frame = 0; frame < 5; frame++) {
                FrameOutcome outcome = detector.detect(markers(8, 8, new int[0][]), null);
                Check.equal(FrameOutcome.Status.SKIPPED_NO_SERVICE, outcome.status(), "frame " + frame);
                Check.isTrue(outcome.reason().contains("nobody listens"), outcome.reason());
            }
            Check.equal(1, attempts.get(), "one attempt per reconnect interval");
        }
    }

    public static void testFramesWhileTheServiceStartsAreSkippedThenDetected() throws Exception {
        try (final FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null)) {
            FrameDetector.Connector slowStart = () -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return CellDetectClient.connect(service.path(), "frames");
            };
            try (FrameDetector detector = new FrameDetector(slowStart, new FrameDetector.Policy(FrameDetector.WhenBusy.SKIP, 50, 1, 0), new DetectOptions())) {
                FrameOutcome first = detector.detect(markers(8, 8, new int[0][]), null);
                Check.equal(FrameOutcome.Status.SKIPPED_NO_SERVICE, first.status(), "starting");
                Check.equal("connecting to the CellDetect service", first.reason(), "reason");
                awaitDetected(detector, markers(8, 8, new int[0][]));
            }
        }
    }

    public static void testALostServiceIsReconnected() throws Exception {
        java.io.File socket = FakeDetectionService.freshSocket();
        FakeDetectionService first = new FakeDetectionService(socket, null);
        try (FrameDetector detector = new FrameDetector(() -> CellDetectClient.connect(socket.getPath(), "frames"),
                new FrameDetector.Policy(FrameDetector.WhenBusy.SKIP, 2000, 1, 0), new DetectOptions())) {
            awaitDetected(detector, markers(8, 8, new int[0][]));
            first.close();
            try (FakeDetectionService second = new FakeDetectionService(socket, null)) {
                awaitDetected(detector, markers(8, 8, new int[0][]));
                Check.isTrue(second.detectRequests() >= 1, "detected by the new service");
            }
        }
    }

    public static void testMetadataOfADetectedFrame() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null);
             FrameDetector detector = frames(service, FrameDetector.WhenBusy.SKIP, 5000)) {
            Map<String, Object> metadata = detector.detect(markers(16, 16, new int[][] {{3, 4}, {10, 12}}), null).metadata();
            Check.equal("detected", metadata.get(FrameOutcome.STATUS), "status");
            Check.equal(2, metadata.get(FrameOutcome.COUNT), "count");
            Check.isTrue(java.util.Arrays.equals(new double[] {3, 10}, (double[]) metadata.get(FrameOutcome.X)), "x");
            Check.isTrue(java.util.Arrays.equals(new double[] {4, 12}, (double[]) metadata.get(FrameOutcome.Y)), "y");
            Check.isTrue(java.util.Arrays.equals(new double[] {0.9, 0.9}, (double[]) metadata.get(FrameOutcome.SCORE)), "score");
            Check.equal("fluorescence-nuclei", metadata.get(FrameOutcome.MODEL), "model");
            Check.equal(1.0, metadata.get(FrameOutcome.DETECT_MS), "the service's milliseconds");
        }
    }

    /** Detects frames until the detector has connected (the first frames only start connecting). */
    static void awaitConnected(FrameDetector detector, ImagePixels frame) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60000;
        while (detector.detect(frame, null).status() == FrameOutcome.Status.SKIPPED_NO_SERVICE) {
            Check.isTrue(System.currentTimeMillis() < deadline, "never connected");
            Thread.sleep(50);
        }
    }

    /** Detects frames until one is detected (a reconnect or a cancellation may take a few). */
    static FrameOutcome awaitDetected(FrameDetector detector, ImagePixels frame) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10000;
        FrameOutcome outcome;
        do {
            outcome = detector.detect(frame, null);
            if (outcome.status() == FrameOutcome.Status.DETECTED) {
                return outcome;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("never detected; last: " + outcome);
    }

    private static Thread busyWith(final CellDetectClient other) {
        Thread thread = new Thread(() -> {
            try {
                markers(16, 16, new int[0][]).detect(other, new DetectOptions(), null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }

    interface Condition {
        boolean holds();
    }

    static void waitFor(Condition condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.holds()) {
            Check.isTrue(System.currentTimeMillis() < deadline, "condition never held");
            Thread.sleep(5);
        }
    }
}
