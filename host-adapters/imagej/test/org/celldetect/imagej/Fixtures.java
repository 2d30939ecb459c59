package org.celldetect.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.FloatPolygon;

import org.celldetect.client.Json;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What test.sh prepared, passed as system properties: the work folder (images/, and cli/ with what
 * {@code celldetect detect} wrote for them), the running service's socket, the celldetect program.
 * Plus the comparisons every test makes against the command line.
 */
final class Fixtures {
    /** The CLI's CSV has 2 decimals (up to 0.005 off), ROIs hold floats: 1e-3 on top of the rounding. */
    static final double CSV_TOLERANCE = 0.005 + 1e-3;
    /** The CLI's GeoJSON has 4 decimals, already in ImageJ's (corner) coordinates. */
    static final double GEOJSON_TOLERANCE = 1e-3;
    /** Scores: 4 decimals in both files. */
    static final double SCORE_TOLERANCE = 1e-4;

    private Fixtures() {
    }

    static File work() {
        return new File(System.getProperty("celldetect.test.work"));
    }

    /** The socket of the service test.sh started. */
    static String pipe() {
        return System.getProperty("celldetect.test.pipe");
    }

    /** The repository's ./celldetect. */
    static String program() {
        return System.getProperty("celldetect.test.program");
    }

    /** images/FOLDER/NAME. */
    static File image(String folder, String name) {
        return new File(work(), "images/" + folder + "/" + name);
    }

    static ImagePlus open(String folder, String name) {
        ImagePlus image = IJ.openImage(image(folder, name).getPath());
        Expect.isTrue(image != null, "ImageJ cannot open " + image(folder, name));
        return image;
    }

    /**
     * Runs a command of the plugin as a macro's run(command, options) would, without a display:
     * on a thread named as ImageJ names macro threads (Macro.getOptions looks at the name).
     */
    static void run(final ImagePlus image, final Class<?> command, final String options) throws InterruptedException {
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                Macro.setOptions(options);
                try {
                    IJ.runPlugIn(image, command.getName(), "");
                } finally {
                    Macro.setOptions(null);
                }
            }
        }, "Run$_" + command.getSimpleName());
        thread.start();
        thread.join(120000);
        Expect.isTrue(!thread.isAlive(), command.getSimpleName() + " did not finish within 2 minutes");
    }

    /** Points the plugin at a service (and a program to start one with) through its settings command. */
    static void useService(String pipe, String program) throws InterruptedException {
        run(null, CellDetectSettings.class, "program=[" + program + "] pipe=[" + pipe + "]");
    }

    /** The selection's points, in ImageJ coordinates. */
    static List<double[]> selection(ImagePlus image) {
        Roi roi = image.getRoi();
        Expect.isTrue(roi != null && roi.getType() == Roi.POINT, "the image should have a point selection, has " + roi);
        return points(roi);
    }

    /** A ROI's points (vertices), in ImageJ coordinates. */
    static List<double[]> points(Roi roi) {
        FloatPolygon polygon = roi.getFloatPolygon();
        List<double[]> points = new ArrayList<double[]>();
        for (int i = 0; i < polygon.npoints; i++) {
            points.add(new double[] {polygon.xpoints[i], polygon.ypoints[i]});
        }
        return points;
    }

    /** The Results table's X, Y, Score rows. */
    static List<double[]> table() {
        ResultsTable table = ResultsTable.getResultsTable();
        List<double[]> rows = new ArrayList<double[]>();
        for (int row = 0; row < table.size(); row++) {
            rows.add(new double[] {table.getValue("X", row), table.getValue("Y", row), table.getValue("Score", row)});
        }
        return rows;
    }

    /** cli/FOLDER/BASE.csv: x, y, score in the protocol's (centre) coordinates, shifted by {@code shift}. */
    static List<double[]> cliCsv(String folder, String base, double shift) throws IOException {
        List<String> lines = Files.readAllLines(new File(work(), "cli/" + folder + "/" + base + ".csv").toPath(), StandardCharsets.UTF_8);
        Expect.equal("x,y,score", lines.get(0), "CSV header");
        List<double[]> points = new ArrayList<double[]>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            points.add(new double[] {Double.parseDouble(fields[0]) + shift, Double.parseDouble(fields[1]) + shift, Double.parseDouble(fields[2])});
        }
        return points;
    }

    /** cli/FOLDER/BASE.geojson's points: x, y in ImageJ's (corner) coordinates, score. */
    static List<double[]> cliGeojson(String folder, String base) throws IOException {
        String text = new String(Files.readAllBytes(new File(work(), "cli/" + folder + "/" + base + ".geojson").toPath()), StandardCharsets.UTF_8);
        List<double[]> points = new ArrayList<double[]>();
        for (Object feature : (List<?>) ((Map<?, ?>) Json.parse(text)).get("features")) {
            List<?> coordinates = (List<?>) ((Map<?, ?>) ((Map<?, ?>) feature).get("geometry")).get("coordinates");
            Map<?, ?> measurements = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) feature).get("properties")).get("measurements");
            points.add(new double[] {number(coordinates.get(0)), number(coordinates.get(1)), number(measurements.get("score"))});
        }
        return points;
    }

    /**
     * The image's selection and the Results table equal what {@code celldetect detect} wrote for the
     * same image and model: its CSV plus 0.5 (its rounding), its GeoJSON to 1e-3, the scores.
     */
    static void expectCommandLineResult(ImagePlus image, String folder, String base) throws IOException {
        List<double[]> selection = selection(image);
        List<double[]> csv = cliCsv(folder, base, 0.5);
        Expect.isTrue(!csv.isEmpty(), "the command line found cells in " + base);
        Expect.samePoints(csv, selection, CSV_TOLERANCE, base + ": selection against the CLI's CSV + 0.5");
        Expect.samePoints(cliGeojson(folder, base), selection, GEOJSON_TOLERANCE, base + ": selection against the CLI's GeoJSON");
        List<double[]> table = table();
        Expect.samePoints(selection, table, 1e-4, base + ": Results X, Y are the selection's (floats)");
        for (double[] row : table) {
            double[] cli = nearest(csv, row);
            Expect.near(cli[2], row[2], SCORE_TOLERANCE, base + ": score at (" + row[0] + ", " + row[1] + ")");
        }
    }

    static double[] nearest(List<double[]> points, double[] to) {
        double[] nearest = null;
        double best = Double.MAX_VALUE;
        for (double[] point : points) {
            double distance = Math.hypot(point[0] - to[0], point[1] - to[1]);
            if (distance < best) {
                best = distance;
                nearest = point;
            }
        }
        return nearest;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
