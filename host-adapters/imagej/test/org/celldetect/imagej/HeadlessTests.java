package org.celldetect.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.Point;

import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plugin in headless ImageJ 1.x (java.awt.headless=true, the plugin jar on the classpath) against
 * the real service test.sh started, each detection compared with what {@code celldetect detect}
 * wrote for the same image; and the output of the -batch macro run before. Last line "N passed, N failed".
 */
public final class HeadlessTests {
    private static final String HE = "he-colon-crchisto-img14";
    private static final String FLUO = "fluo-hoechst-huh7-23";
    /** Floats in the ROI against doubles from the service. */
    private static final double FLOAT_TOLERANCE = 1e-4;

    private HeadlessTests() {
    }

    /** Points the plugin at test.sh's service (tests that point it elsewhere point it back), then runs the tests. */
    public static void main(String[] args) throws InterruptedException {
        useTestService();
        System.exit(TestReport.runAll(HeadlessTests.class) == 0 ? 0 : 1);
    }

    public static void testRgbImageMatchesTheCommandLine() throws Exception {
        ImagePlus image = detect("he", HE + ".tif", "model=he-nuclei threshold=auto stride=auto");
        Fixtures.expectCommandLineResult(image, "he", HE);
        Overlay overlay = image.getOverlay();
        Expect.isTrue(overlay != null && overlay.get(DetectionDisplay.OVERLAY_NAME) instanceof PointRoi, "the overlay holds the points");
        Expect.samePoints(Fixtures.selection(image), Fixtures.points(overlay.get(DetectionDisplay.OVERLAY_NAME)), 0, "overlay = selection");
        Expect.equal("[X, Y, Score]", Arrays.toString(ResultsTable.getResultsTable().getHeadings()), "columns of an uncalibrated image");
    }

    public static void testEightBitImageMatchesTheCommandLine() throws Exception {
        ImagePlus image = detect("fluo", FLUO + ".tif", "model=fluorescence-nuclei");
        Expect.equal(ImagePlus.GRAY8, image.getType(), "8-bit");
        Fixtures.expectCommandLineResult(image, "fluo", FLUO);
    }

    public static void testSixteenBitStackSendsTheCurrentSlice() throws Exception {
        ImagePlus stack = Fixtures.open("fluo", MakeTestImages.STACK);
        Expect.isTrue(stack.getType() == ImagePlus.GRAY16 && stack.getStackSize() == 3, "a 16-bit stack of 3 slices");
        stack.setSlice(2);
        Fixtures.run(stack, DetectCells.class, "model=fluorescence-nuclei threshold=auto stride=auto");
        Fixtures.expectCommandLineResult(stack, "fluo", "fluo-stack16.page1");
        Roi overlaid = stack.getOverlay().get(DetectionDisplay.OVERLAY_NAME + " 2");
        Expect.isTrue(overlaid != null && overlaid.getPosition() == 2, "the overlay's points are on slice 2 only");
        Expect.equal(2.0, ResultsTable.getResultsTable().getValue("Slice", 0), "the table names the slice");
    }

    public static void testThirtyTwoBitImageMatchesTheCommandLine() throws Exception {
        ImagePlus image = detect("fluo", MakeTestImages.FLOAT, "model=fluorescence-nuclei");
        Expect.equal(ImagePlus.GRAY32, image.getType(), "32-bit");
        Fixtures.expectCommandLineResult(image, "fluo", "fluo-float32");
    }

    public static void testARectangleIsTheRegionDetectedIn() throws Exception {
        Rectangle rectangle = new Rectangle(100, 120, 200, 150);
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        image.setRoi(rectangle);
        runDetect(image, "model=he-nuclei");
        List<double[]> expected = shifted(detectFile(HE + ".tif", rectangle, null));
        Expect.isTrue(!expected.isEmpty(), "cells in the rectangle");
        Expect.samePoints(expected, Fixtures.selection(image), FLOAT_TOLERANCE, "selection = the service's detection in the region");
        for (double[] point : Fixtures.selection(image)) {
            Expect.isTrue(rectangle.contains(point[0], point[1]), "(" + point[0] + ", " + point[1] + ") lies in " + rectangle);
        }
    }

    public static void testTheTickedTestTimeAugmentationKeyAsksForIt() throws Exception {
        // A small rectangle: test-time augmentation is 8 passes.
        Rectangle rectangle = new Rectangle(100, 120, 160, 120);
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        image.setRoi(rectangle);
        runDetect(image, "model=he-nuclei test-time_augmentation");
        List<double[]> expected = shifted(detectFileWithOptions(HE + ".tif", rectangle, new DetectOptions().model("he-nuclei").testTimeAugmentation(true)));
        Expect.isTrue(!expected.isEmpty(), "cells in the rectangle");
        Expect.samePoints(expected, Fixtures.selection(image), FLOAT_TOLERANCE, "selection = the service's detection with test-time augmentation");
    }

    public static void testAnOvalKeepsTheCellsInsideIt() throws Exception {
        Rectangle bounds = new Rectangle(100, 120, 200, 150);
        OvalRoi oval = new OvalRoi(bounds.x, bounds.y, bounds.width, bounds.height);
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        image.setRoi(oval);
        runDetect(image, "model=he-nuclei");
        List<double[]> expected = new ArrayList<double[]>();
        for (double[] point : shifted(detectFile(HE + ".tif", bounds, null))) {
            if (oval.containsPoint(point[0], point[1])) {
                expected.add(point);
            }
        }
        Expect.samePoints(expected, Fixtures.selection(image), FLOAT_TOLERANCE, "the cells of the oval's bounds that lie in the oval");
    }

    public static void testACalibratedImageGetsCalibratedColumnsAndSendsItsPixelSize() throws Exception {
        Rectangle rectangle = new Rectangle(0, 0, 160, 160);
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        Calibration calibration = image.getCalibration();
        calibration.pixelWidth = 0.5;
        calibration.pixelHeight = 0.5;
        calibration.setUnit("um");
        image.setRoi(rectangle);
        runDetect(image, "model=he-nuclei");
        Expect.samePoints(shifted(detectFile(HE + ".tif", rectangle, 0.5)), Fixtures.selection(image), FLOAT_TOLERANCE,
                "selection = the service's detection with pixelSizeMicrons 0.5");
        ResultsTable table = ResultsTable.getResultsTable();
        String unit = calibration.getUnit();
        Expect.equal("[X, Y, Score, X (" + unit + "), Y (" + unit + ")]", Arrays.toString(table.getHeadings()), "columns of a calibrated image");
        Expect.isTrue(table.size() > 0, "cells in the rectangle");
        for (int row = 0; row < table.size(); row++) {
            Expect.near(table.getValue("X", row) * 0.5, table.getValue("X (" + unit + ")", row), 1e-9, "calibrated X");
            Expect.near(table.getValue("Y", row) * 0.5, table.getValue("Y (" + unit + ")", row), 1e-9, "calibrated Y");
        }
    }

    public static void testEscCancelsWithoutAnError() throws Exception {
        ImagePlus image = Fixtures.open("fluo", FLUO + ".tif");
        ResultsTable table = ResultsTable.getResultsTable();
        table.reset();
        table.incrementCounter();
        table.addValue("marker", 1);
        IJ.getErrorMessage();
        // Esc held down: the plugin clears the flag before it sends the image, so press it until the command ends.
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread escape = new Thread(new Runnable() {
            @Override
            public void run() {
                while (running.get()) {
                    IJ.setKeyDown(KeyEvent.VK_ESCAPE);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        escape.start();
        try {
            Fixtures.run(image, DetectCells.class, "model=fluorescence-nuclei");
        } finally {
            running.set(false);
            escape.join();
            IJ.resetEscape();
        }
        Expect.equal(null, IJ.getErrorMessage(), "a cancelled detection is no error");
        Expect.equal(null, image.getRoi(), "no selection");
        Expect.isTrue(table.size() == 1 && table.columnExists("marker"), "the Results table is left as it was");
        Expect.isTrue(!detectFile(HE + ".tif", new Rectangle(0, 0, 100, 100), null).isEmpty(), "the service still detects after the cancel");
    }

    public static void testAWrongValueNamesTheField() throws Exception {
        String error = failingDetect("model=he-nuclei threshold=2");
        Expect.equal("Threshold: expected a number (0 to 1), or auto; got '2'", error, "error");
    }

    public static void testAnUnknownModelListsTheAvailableOnes() throws Exception {
        String error = failingDetect("model=no-such-model");
        Expect.isTrue(error != null && error.contains("no-such-model") && error.contains("he-nuclei") && error.contains("fluorescence-nuclei"),
                "the error names the model and the available ones: " + error);
    }

    public static void testWithoutServiceOrProgramTheErrorSaysWhatToDo() throws Exception {
        Fixtures.useService(new File(Fixtures.work(), "nobody.sock").getPath(), "/nonexistent/celldetect");
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        String error;
        try {
            IJ.getErrorMessage();
            Fixtures.run(image, DetectCells.class, "model=he-nuclei");
            error = IJ.getErrorMessage();
        } finally {
            useTestService();
        }
        Expect.isTrue(error != null && error.contains("/nonexistent/celldetect") && error.contains("CellDetect Settings...")
                && !error.contains("Exception"), "the error names the program and the settings command, and is no stack trace: " + error);
        Expect.equal(null, image.getRoi(), "no selection");
    }

    public static void testStartsTheServiceWhenNoneAnswers() throws Exception {
        File socket = new File(Fixtures.work(), "started.sock");
        Fixtures.useService(socket.getPath(), Fixtures.program());
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        image.setRoi(new Rectangle(0, 0, 120, 120));
        try {
            runDetect(image, "model=he-nuclei");
            Expect.isTrue(!Fixtures.selection(image).isEmpty(), "the service the plugin started found cells");
        } finally {
            useTestService();
            if (socket.exists()) {
                CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
                client.shutdown();
                client.close();
            }
        }
        for (int tenths = 0; tenths < 100 && socket.exists(); tenths++) {
            Thread.sleep(100);
        }
        Expect.isTrue(!socket.exists(), "the started service has stopped (and removed its socket)");
    }

    public static void testTheBatchMacroMatchesTheCommandLine() throws Exception {
        File selection = new File(Fixtures.work(), "batch/selection.csv");
        Expect.isTrue(selection.isFile(), "the -batch macro wrote " + selection + " (its output is in batch.log)");
        List<double[]> points = new ArrayList<double[]>();
        for (String line : Files.readAllLines(selection.toPath(), StandardCharsets.UTF_8)) {
            String[] fields = line.split(",");
            points.add(new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])});
        }
        Expect.samePoints(Fixtures.cliCsv("he", HE, 0.5), points, Fixtures.CSV_TOLERANCE, "-batch selection against the CLI's CSV + 0.5");
        Expect.samePoints(Fixtures.cliGeojson("he", HE), points, Fixtures.GEOJSON_TOLERANCE, "-batch selection against the CLI's GeoJSON");
        List<String> results = Files.readAllLines(new File(Fixtures.work(), "batch/results.csv").toPath(), StandardCharsets.UTF_8);
        Expect.equal(points.size() + 1, results.size(), "the Results table saved by the macro has a row per cell");
    }

    /** Opens images/FOLDER/NAME and runs Detect Cells on it. */
    private static ImagePlus detect(String folder, String name, String options) throws Exception {
        ImagePlus image = Fixtures.open(folder, name);
        runDetect(image, options);
        return image;
    }

    private static void useTestService() throws InterruptedException {
        Fixtures.useService(Fixtures.pipe(), Fixtures.program());
    }

    private static void runDetect(ImagePlus image, String options) throws Exception {
        IJ.getErrorMessage();
        Fixtures.run(image, DetectCells.class, options);
        String error = IJ.getErrorMessage();
        Expect.equal(null, error, "Detect Cells reported an error");
    }

    private static String failingDetect(String options) throws Exception {
        ImagePlus image = Fixtures.open("he", HE + ".tif");
        IJ.getErrorMessage();
        Fixtures.run(image, DetectCells.class, options);
        Expect.equal(null, image.getRoi(), "no selection after an error");
        return IJ.getErrorMessage();
    }

    /** The service's own answer for a file and region, through the Java client: what the plugin must show. */
    private static List<Point> detectFile(String name, Rectangle region, Double pixelSizeMicrons) throws IOException {
        DetectOptions options = new DetectOptions().model("he-nuclei");
        if (pixelSizeMicrons != null) {
            options.pixelSizeMicrons(pixelSizeMicrons);
        }
        return detectFileWithOptions(name, region, options);
    }

    private static List<Point> detectFileWithOptions(String name, Rectangle region, DetectOptions options) throws IOException {
        options.region(region.x, region.y, region.width, region.height);
        CellDetectClient client = CellDetectClient.connect(Fixtures.pipe(), "test");
        try {
            DetectResult result = client.detectPath(Fixtures.image("he", name).getAbsolutePath(), options, null);
            return result.points();
        } finally {
            client.close();
        }
    }

    /** Protocol coordinates to ImageJ's. */
    private static List<double[]> shifted(List<Point> points) {
        List<double[]> shifted = new ArrayList<double[]>();
        for (Point point : points) {
            shifted.add(new double[] {point.x + 0.5, point.y + 0.5});
        }
        return shifted;
    }
}
