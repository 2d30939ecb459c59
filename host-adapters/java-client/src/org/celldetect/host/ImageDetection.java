package org.celldetect.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.Point;

/**
 * Detection in regions or areas (annotations) of one image whose pixels the host reads (QuPath):
 * resolves the model once, reads at the model's pixel size, tiles, and returns every cell once in
 * full-resolution pixel-centre coordinates.
 */
public final class ImageDetection {
    /**
     * A tile's core, in pixels sent: the margins add a fifth to the pixels read, and an RGB tile is
     * under 4 MB, far from the service's payload limit.
     */
    public static final int CORE_SIZE = 1024;
    /**
     * The context read around each core, in pixels sent. A proximity value depends on the 49 x 49
     * patches whose 17 x 17 outputs cover it (pixels up to 8 + 24 = 32 away), and a peak on its
     * neighbours within the peak radius (3): 48 covers both and is a multiple of {@link TileGrid#ALIGNMENT}.
     */
    public static final int MARGIN = 48;

    private final CellDetectClient client;
    private final int imageWidth;
    private final int imageHeight;
    private final ModelInfo model;
    private final Double imagePixelSizeMicrons;
    private final double downsample;
    private final DetectOptions options;
    private final RegionDetector detector;

    /**
     * @param parameters the command's dialog values (plugin.json's detect-cells parameters)
     * @param calibratedPixelSizeMicrons the host's calibration; null when uncalibrated. A pixel size in the parameters overrides it
     * @param fluorescence whether the image is fluorescence, for the automatic model choice
     */
    public ImageDetection(CellDetectClient client, DetectionParameters parameters, int imageWidth, int imageHeight, Double calibratedPixelSizeMicrons,
                          boolean fluorescence) throws IOException {
        this.client = client;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        model = ModelInfo.resolve(client, (String) parameters.value("model"), fluorescence);
        options = parameters.toOptions(calibratedPixelSizeMicrons).model(model.name);
        Object pixelSize = options.parameter(DetectionParameters.PIXEL_SIZE);
        imagePixelSizeMicrons = pixelSize == null ? null : ((Number) pixelSize).doubleValue();
        downsample = model.downsampleFor(imagePixelSizeMicrons);
        detector = new RegionDetector(new TileGrid(imageWidth, imageHeight, downsample, CORE_SIZE, MARGIN), model.peakRadius * downsample);
    }

    public ModelInfo model() {
        return model;
    }

    /** Full-resolution pixels per pixel sent. */
    public double downsample() {
        return downsample;
    }

    /**
     * The cells in a region of the full-resolution image, each once.
     *
     * @param reader reads the region's pixels (QuPath: from the region's plane) at {@link #downsample()}
     */
    public List<Point> detect(PixelRect region, PixelTiles.Reader reader) throws IOException {
        return detector.detect(region, new PixelTiles(client, options, reader, downsample, imagePixelSizeMicrons));
    }

    /** A shape to detect in (QuPath: an annotation's ROI), in corner coordinates. */
    public interface Area {
        double boundsX();

        double boundsY();

        double boundsWidth();

        double boundsHeight();

        /** Whether a point in corner coordinates lies inside. */
        boolean containsCorner(double x, double y);

        /** Reads this area's pixels (QuPath: from the area's plane). */
        PixelTiles.Reader reader();
    }

    /**
     * The cells in each area, tiled over its bounding box and kept when inside it. A cell inside
     * several areas belongs to the first, so overlapping areas share no cell. Areas entirely outside
     * the image get none.
     *
     * @return per area, in the areas' order, its cells in full-resolution pixel-centre coordinates
     */
    public List<List<Point>> detectInAreas(List<? extends Area> areas) throws IOException {
        List<List<Point>> cells = new ArrayList<List<Point>>();
        for (int i = 0; i < areas.size(); i++) {
            Area area = areas.get(i);
            List<Point> inside = new ArrayList<Point>();
            PixelRect bounds = PixelRect.covering(area.boundsX(), area.boundsY(), area.boundsWidth(), area.boundsHeight(), imageWidth, imageHeight);
            if (bounds != null) {
                for (Point cell : detect(bounds, area.reader())) {
                    double x = cell.x + Coordinates.CENTRE_TO_CORNER;
                    double y = cell.y + Coordinates.CENTRE_TO_CORNER;
                    if (area.containsCorner(x, y) && !inAny(areas.subList(0, i), x, y)) {
                        inside.add(cell);
                    }
                }
            }
            cells.add(inside);
        }
        return cells;
    }

    private static boolean inAny(List<? extends Area> areas, double x, double y) {
        for (Area area : areas) {
            if (area.containsCorner(x, y)) {
                return true;
            }
        }
        return false;
    }
}
