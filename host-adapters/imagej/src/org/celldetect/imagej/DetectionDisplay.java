package org.celldetect.imagej;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;

import org.celldetect.client.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the cells into the image three ways: the selection (a multi-point ROI, sub-pixel), an
 * overlay on the slice detected in (replacing an earlier detection there), and the Results table
 * (cleared first). The protocol's (0, 0) is the centre of the top-left pixel, ImageJ's its corner:
 * ImageJ coordinates are the protocol's plus 0.5.
 */
final class DetectionDisplay {
    /** Names the overlay's detections; with the slice number on stacks. */
    static final String OVERLAY_NAME = "CellDetect";
    private static final double PIXEL_CENTRE = 0.5;

    private DetectionDisplay() {
    }

    /**
     * Shows the cells that lie in {@code area} (all of them when it is null or a rectangle, which
     * the service detected in already) and returns how many that were.
     */
    static int show(ImagePlus image, List<Point> cells, Roi area) {
        List<Point> shown = new ArrayList<Point>();
        for (Point cell : cells) {
            if (area == null || area.getType() == Roi.RECTANGLE || area.containsPoint(cell.x + PIXEL_CENTRE, cell.y + PIXEL_CENTRE)) {
                shown.add(cell);
            }
        }
        float[] xs = new float[shown.size()];
        float[] ys = new float[shown.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (shown.get(i).x + PIXEL_CENTRE);
            ys[i] = (float) (shown.get(i).y + PIXEL_CENTRE);
        }
        showOverlay(image, xs, ys);
        if (xs.length > 0) {
            image.setRoi(new PointRoi(xs, ys, xs.length));
        } else {
            image.deleteRoi();
        }
        showTable(image, shown);
        return shown.size();
    }

    private static void showOverlay(ImagePlus image, float[] xs, float[] ys) {
        Overlay overlay = image.getOverlay() != null ? image.getOverlay() : new Overlay();
        String name = image.getStackSize() > 1 ? OVERLAY_NAME + " " + image.getCurrentSlice() : OVERLAY_NAME;
        overlay.remove(name);
        if (xs.length > 0) {
            PointRoi points = new PointRoi(xs, ys, xs.length);
            points.setName(name);
            if (image.isHyperStack()) {
                points.setPosition(image.getChannel(), image.getSlice(), image.getFrame());
            } else if (image.getStackSize() > 1) {
                points.setPosition(image.getCurrentSlice());
            }
            overlay.add(points);
        }
        image.setOverlay(overlay);
    }

    /** X, Y (ImageJ pixels), Score; X and Y in the calibration's unit when there is one; the slice on stacks. */
    private static void showTable(ImagePlus image, List<Point> cells) {
        ResultsTable table = ResultsTable.getResultsTable();
        table.reset();
        Calibration calibration = image.getCalibration();
        String unit = calibration.getUnit();
        // ImageJ gives TIFFs with a resolution but no unit the unit " ": no length to convert to.
        boolean calibrated = calibration.scaled() && !unit.trim().isEmpty();
        for (Point cell : cells) {
            double x = cell.x + PIXEL_CENTRE;
            double y = cell.y + PIXEL_CENTRE;
            table.incrementCounter();
            table.addValue("X", x);
            table.addValue("Y", y);
            table.addValue("Score", cell.score);
            if (calibrated) {
                table.addValue("X (" + unit + ")", calibration.getX(x));
                table.addValue("Y (" + unit + ")", calibration.getY(y, image.getHeight()));
            }
            if (image.getStackSize() > 1) {
                table.addValue("Slice", image.getCurrentSlice());
            }
        }
        table.setPrecision(4);
        table.show("Results");
    }
}
