package org.celldetect.micromanager;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.Check;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.FakeDetectionService;
import org.celldetect.client.RealService;
import org.celldetect.host.BufferedImagePixels;
import org.celldetect.host.FrameDetector;
import org.celldetect.host.FrameOutcome;
import org.celldetect.host.ServiceSettings;
import org.celldetect.micromanager.FakeMicroManager.Collector;
import org.celldetect.micromanager.FakeMicroManager.FakeImage;
import org.celldetect.micromanager.FakeMicroManager.FakeMetadata;
import org.celldetect.micromanager.FakeMicroManager.FakePropertyMap;
import org.micromanager.data.Image;
import org.micromanager.data.Processor;

/**
 * The processor plugin as Micro-Manager's pipeline drives it (createFactory, createProcessor,
 * processImage, cleanup), on test doubles of mmstudio's images, against the stand-in service and the
 * real one. The service is found as the plugins find it: ServiceSettings' pipe (set here by system property).
 */
public final class ProcessorTest {
    /** Scheduling slack on top of the wait, on a loaded two-core machine. */
    private static final long SLACK_MILLIS = 60;

    private ProcessorTest() {
    }

    static Processor processor(String pipe, String whenBusy, long maxWaitMillis) {
        System.setProperty(ServiceSettings.PIPE_PROPERTY, pipe);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", "auto");
        settings.put(FrameDetector.Policy.WHEN_BUSY, whenBusy);
        settings.put(FrameDetector.Policy.MAX_WAIT_MILLIS, String.valueOf(maxWaitMillis));
        return new CellDetectProcessorPlugin().createFactory(new FakePropertyMap(settings)).createProcessor();
    }

    /** Feeds frames until one is detected: the processor connects on its first frames. */
    static Image firstDetected(Processor processor, Collector collector, FakeImage frame) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60000;
        while (System.currentTimeMillis() < deadline) {
            processor.processImage(frame, collector);
            Image out = collector.images.get(collector.images.size() - 1);
            if ("detected".equals(FakeMicroManager.userData(out).get(FrameOutcome.STATUS))) {
                return out;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never detected: " + FakeMicroManager.userData(collector.images.get(collector.images.size() - 1)));
    }

    public static void testEveryImageIsPassedOnUnchangedWithItsOwnCells() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null)) {
            Processor processor = processor(service.path(), "queue", 5000);
            Collector collector = new Collector();
            firstDetected(processor, collector, FakeMicroManager.gray8(8, 8, new int[0][], new HashMap<>()));
            collector.images.clear();
            Map<String, Object> earlier = new HashMap<>();
            earlier.put("Camera-Note", "kept");
            earlier.put(FrameOutcome.COUNT, 99);
            earlier.put(FrameOutcome.X, new double[] {1, 2});
            for (int frame = 0; frame < 4; frame++) {
                int[][] cells = new int[frame][];
                for (int i = 0; i < frame; i++) {
                    cells[i] = new int[] {2 * i, 5};
                }
                FakeImage in = FakeMicroManager.gray8(16, 16, cells, earlier);
                processor.processImage(in, collector);
                FakeImage out = (FakeImage) collector.images.get(frame);
                Check.isTrue(out.raw == in.raw, "the pixels are passed on as they are");
                Map<String, Object> data = FakeMicroManager.userData(out);
                Check.equal("detected", data.get(FrameOutcome.STATUS), "frame " + frame);
                Check.equal(frame, data.get(FrameOutcome.COUNT), "frame " + frame + "'s own count, replacing the earlier 99");
                Check.equal(frame, ((double[]) data.get(FrameOutcome.X)).length, "x of each cell");
                Check.equal("kept", data.get("Camera-Note"), "other user data is kept");
            }
            processor.cleanup(collector);
        }
    }

    public static void testACameraFasterThanTheServiceIsNeverHeldLongerThanTheWait() throws Exception {
        long maxWait = 50;
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null)) {
            Processor processor = processor(service.path(), "skip", maxWait);
            Collector collector = new Collector();
            firstDetected(processor, collector, FakeMicroManager.gray8(8, 8, new int[0][], new HashMap<>()));
            service.detectMillis(300);
            collector.images.clear();
            long longest = 0;
            for (int frame = 0; frame < 30; frame++) {
                long start = System.nanoTime();
                processor.processImage(FakeMicroManager.gray8(8, 8, new int[][] {{1, 1}}, new HashMap<>()), collector);
                longest = Math.max(longest, (System.nanoTime() - start) / 1000000);
                Thread.sleep(10);
            }
            Check.equal(30, collector.images.size(), "every image is passed on");
            Check.isTrue(longest <= maxWait + SLACK_MILLIS, "held an image " + longest + " ms; the bound is " + maxWait + " ms");
            for (Image out : collector.images) {
                Map<String, Object> data = FakeMicroManager.userData(out);
                Check.isTrue(Arrays.asList("skipped-busy", "skipped-timeout").contains(data.get(FrameOutcome.STATUS)), "skipped: " + data);
                Check.isTrue(data.get(FrameOutcome.REASON) != null && !data.containsKey(FrameOutcome.COUNT), "says why, carries no cells");
            }
            processor.cleanup(collector);
        }
    }

    public static void testSixteenBitFramesAreSentAsTheyAre() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null)) {
            Processor processor = processor(service.path(), "queue", 5000);
            Collector collector = new Collector();
            short[] raw = new short[12 * 10];
            raw[3 * 12 + 7] = (short) 65535;
            FakeImage frame = new FakeImage(raw, 12, 10, 2, 1, new FakeMetadata(0.65, new FakePropertyMap(new HashMap<>())));
            Map<String, Object> data = FakeMicroManager.userData(firstDetected(processor, collector, frame));
            Check.equal(1, data.get(FrameOutcome.COUNT), "one cell");
            Check.equal(7.0, ((double[]) data.get(FrameOutcome.X))[0], "x");
            Check.equal(3.0, ((double[]) data.get(FrameOutcome.Y))[0], "y");
            Map<String, Object> params = service.receivedParams().get(service.receivedParams().size() - 1);
            Check.equal("u16", ((Map<?, ?>) params.get("pixels")).get("dtype"), "16-bit");
            Check.equal(0.65, params.get("pixelSizeMicrons"), "the image's calibration");
            processor.cleanup(collector);
        }
    }

    public static void testAnUnsupportedImageIsPassedOnWithTheReason() throws Exception {
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null)) {
            Processor processor = processor(service.path(), "skip", 1000);
            Collector collector = new Collector();
            processor.processImage(new FakeImage(new byte[8 * 8 * 2], 8, 8, 2, 2, new FakeMetadata(null, new FakePropertyMap(new HashMap<>()))), collector);
            Map<String, Object> data = FakeMicroManager.userData(collector.images.get(0));
            Check.equal("failed", data.get(FrameOutcome.STATUS), "status");
            Check.isTrue(String.valueOf(data.get(FrameOutcome.REASON)).contains("8- and 16-bit gray and 8-bit RGB"), "reason: " + data);
            Check.equal(0, service.detectRequests(), "nothing sent");
            processor.cleanup(collector);
        }
    }

    /** RGB32 frames (blue, green, red, unused bytes) must reach the service as RGB: the same cells as the RGB image itself. */
    public static void testRgb32FramesGetTheCellsOfTheirRgbPixels() throws Exception {
        BufferedImage image = ImageIO.read(RealService.sample("he-colon-crchisto-img14.tif")).getSubimage(0, 0, 250, 250);
        int expected;
        try (CellDetectClient client = RealService.connect("micro-manager tests")) {
            expected = BufferedImagePixels.of(image, 3).detect(client, new DetectOptions().model("he-nuclei"), null).count();
        }
        byte[] bgra = new byte[250 * 250 * 4];
        for (int y = 0; y < 250; y++) {
            for (int x = 0; x < 250; x++) {
                int rgb = image.getRGB(x, y);
                int at = (y * 250 + x) * 4;
                bgra[at] = (byte) rgb;
                bgra[at + 1] = (byte) (rgb >> 8);
                bgra[at + 2] = (byte) (rgb >> 16);
            }
        }
        System.setProperty(ServiceSettings.EXECUTABLE_PROPERTY, RealService.executable().getPath());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", "he-nuclei");
        settings.put(FrameDetector.Policy.WHEN_BUSY, "queue");
        settings.put(FrameDetector.Policy.MAX_WAIT_MILLIS, "60000");
        System.setProperty(ServiceSettings.PIPE_PROPERTY, RealService.socket());
        Processor processor = new CellDetectProcessorPlugin().createFactory(new FakePropertyMap(settings)).createProcessor();
        Collector collector = new Collector();
        List<Image> out = collector.images;
        processor.processImage(new FakeImage(bgra, 250, 250, 4, 3, new FakeMetadata(null, new FakePropertyMap(new HashMap<>()))), collector);
        Map<String, Object> data = FakeMicroManager.userData(out.get(0));
        Check.equal("detected", data.get(FrameOutcome.STATUS), "status: " + data);
        Check.equal(expected, data.get(FrameOutcome.COUNT), "the RGB image's cells");
        Check.equal("he-nuclei", data.get(FrameOutcome.MODEL), "model");
        processor.cleanup(collector);
    }
}
