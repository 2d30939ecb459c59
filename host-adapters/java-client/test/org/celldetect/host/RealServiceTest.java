package org.celldetect.host;

import java.awt.image.BufferedImage;
import java.util.List;

import javax.imageio.ImageIO;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.CellDetectException;
import org.celldetect.client.Check;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.ErrorCodes;
import org.celldetect.client.Point;
import org.celldetect.client.RealService;

/** Tiling and the frame detector against the real service (celldetect serve), on the repository's H&E sample. */
public final class RealServiceTest {
    private RealServiceTest() {
    }

    static BufferedImage heSample() throws Exception {
        return ImageIO.read(RealService.sample("he-colon-crchisto-img14.tif"));
    }

    static PixelTiles.Reader reader(BufferedImage image) {
        return (rect, downsample) -> BufferedImagePixels.of(image.getSubimage(rect.x, rect.y, rect.width, rect.height), 3);
    }

    /**
     * The service normalises each image it gets by its own percentiles, so tiles see slightly
     * different intensities than the whole image: a few borderline cells differ, none is doubled.
     */
    public static void testTiledDetectionAgreesWithOneRequestAndDoublesNoCell() throws Exception {
        BufferedImage image = heSample();
        try (CellDetectClient client = RealService.connect("host tests")) {
            DetectOptions options = new DetectOptions().model("he-nuclei");
            List<Point> whole = BufferedImagePixels.of(image, 3).detect(client, options, null).points();
            RegionDetector detector = new RegionDetector(new TileGrid(500, 500, 1, 256, ImageDetection.MARGIN), 3);
            List<Point> tiled = detector.detect(new PixelRect(0, 0, 500, 500), new PixelTiles(client, options, reader(image), 1, null));
            int matched = 0;
            for (Point cell : whole) {
                matched += FakeServiceTest.contains(tiled, cell.x, cell.y, 1.5) ? 1 : 0;
            }
            Check.isTrue(matched >= 0.97 * whole.size(), matched + " of " + whole.size() + " cells found by tiles too");
            Check.isTrue(Math.abs(tiled.size() - whole.size()) <= 0.03 * whole.size(), tiled.size() + " cells by tiles, " + whole.size() + " at once");
            Check.equal(closePairs(whole), closePairs(tiled), "cells closer than the peak radius (doubled cells)");
        }
    }

    public static void testACellDiameterForAModelThatRecordsNoneIsRefusedByName() throws Exception {
        ImagePixels frame = BufferedImagePixels.of(heSample().getSubimage(0, 0, 64, 64), 3);
        try (CellDetectClient client = RealService.connect("host tests")) {
            CellDetectException thrown = null;
            try {
                frame.detect(client, new DetectOptions().model("he-nuclei").cellDiameterPixels(12), null);
            } catch (CellDetectException e) {
                thrown = e;
            }
            Check.isTrue(thrown != null, "he-nuclei records no cell diameter: the request is refused");
            Check.equal(ErrorCodes.INVALID_PARAMETER, thrown.code(), "code");
            Check.isTrue(thrown.getMessage().contains("does not record the cell diameter"), thrown.getMessage());
            Check.equal("cellDiameterPixels", thrown.data().get("parameter"), "the parameter to blame");
            Check.equal(1.0, frame.detect(client, new DetectOptions().model("he-nuclei"), null).scale(), "the connection still serves");
        }
    }

    public static void testTestTimeAugmentationIsSentAndEchoed() throws Exception {
        // One 256-pixel tile: test-time augmentation is 8 passes.
        ImagePixels frame = BufferedImagePixels.of(heSample().getSubimage(0, 0, 256, 256), 3);
        try (CellDetectClient client = RealService.connect("host tests")) {
            DetectResult augmented = frame.detect(client, new DetectOptions().model("he-nuclei").testTimeAugmentation(true), null);
            Check.isTrue(augmented.testTimeAugmentation(), "the result says the flips and rotations were averaged");
            Check.isTrue(augmented.points().size() > 0, augmented.points().size() + " cells");
            Check.isTrue(!frame.detect(client, new DetectOptions().model("he-nuclei"), null).testTimeAugmentation(), "off by default");
        }
    }

    public static void testACameraFasterThanTheServiceIsNeverHeldLongerThanTheWait() throws Exception {
        ImagePixels frame = BufferedImagePixels.of(heSample().getSubimage(0, 0, 256, 256), 3);
        long maxWait = 40;
        RealService.connect("host tests").close();
        try (FrameDetector detector = new FrameDetector(() -> RealService.connect("frames"), new FrameDetector.Policy(FrameDetector.WhenBusy.SKIP, maxWait, 1, 0),
                new DetectOptions().model("he-nuclei"))) {
            FakeServiceTest.awaitConnected(detector, frame);
            long longest = 0;
            int skipped = 0;
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                FrameOutcome outcome = detector.detect(frame, null);
                longest = Math.max(longest, (System.nanoTime() - start) / 1000000);
                skipped += outcome.status() == FrameOutcome.Status.SKIPPED_BUSY || outcome.status() == FrameOutcome.Status.SKIPPED_TIMEOUT ? 1 : 0;
                Thread.sleep(10);
            }
            Check.isTrue(longest <= maxWait + FakeServiceTest.SLACK_MILLIS, "held a frame " + longest + " ms; the bound is " + maxWait + " ms");
            Check.isTrue(skipped >= 25, skipped + " of 30 frames skipped: 256 x 256 takes the service longer than " + maxWait + " ms here");
        }
    }

    public static void testQueuedFramesEachGetTheirOwnCells() throws Exception {
        BufferedImage image = heSample();
        ImagePixels left = BufferedImagePixels.of(image.getSubimage(0, 0, 250, 250), 3);
        ImagePixels right = BufferedImagePixels.of(image.getSubimage(250, 250, 250, 250), 3);
        DetectOptions options = new DetectOptions().model("he-nuclei");
        int leftCount;
        int rightCount;
        try (CellDetectClient client = RealService.connect("host tests")) {
            leftCount = left.detect(client, options, null).count();
            rightCount = right.detect(client, options, null).count();
        }
        Check.isTrue(leftCount != rightCount, "the two frames differ: " + leftCount + " and " + rightCount + " cells");
        try (FrameDetector detector = new FrameDetector(() -> RealService.connect("frames"), new FrameDetector.Policy(FrameDetector.WhenBusy.QUEUE, 60000, 1, 0),
                options)) {
            int[] expected = {leftCount, rightCount, leftCount};
            ImagePixels[] frames = {left, right, left};
            for (int i = 0; i < frames.length; i++) {
                FrameOutcome outcome = detector.detect(frames[i], null);
                Check.equal(FrameOutcome.Status.DETECTED, outcome.status(), "frame " + i + ": " + outcome);
                Check.equal(expected[i], outcome.metadata().get(FrameOutcome.COUNT), "frame " + i + "'s own count");
            }
        }
    }

    private static int closePairs(List<Point> points) {
        int pairs = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                pairs += Math.hypot(points.get(i).x - points.get(j).x, points.get(i).y - points.get(j).y) < 3 ? 1 : 0;
            }
        }
        return pairs;
    }
}
