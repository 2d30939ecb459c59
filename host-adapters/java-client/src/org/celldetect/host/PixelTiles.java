package org.celldetect.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.Point;

/**
 * Tiles whose pixels the host reads (QuPath: ImageServer.readRegion at a downsample) and sends to
 * the service; the cells found are mapped back to full-resolution coordinates. For a model trained
 * at one cell size the service estimates the first tile's cell size, and the later tiles of the
 * image are sent with that size ({@link SharedCellDiameter}), so that they are detected at one scale.
 */
public final class PixelTiles implements RegionDetector.TileSource {
    /** Reads the pixels of a full-resolution rectangle, downsampled (about width / downsample pixels wide). */
    public interface Reader {
        ImagePixels read(PixelRect rect, double downsample) throws IOException;
    }

    private final CellDetectClient client;
    private final DetectOptions options;
    private final Reader reader;
    private final double downsample;
    private final Double imagePixelSizeMicrons;
    private final SharedCellDiameter imageCellDiameter = new SharedCellDiameter();

    /**
     * @param options the request's options; the model should be resolved ({@link ModelInfo}) so that every tile uses the same
     * @param imagePixelSizeMicrons the full-resolution pixel size; null when unknown (then the service does not rescale)
     */
    public PixelTiles(CellDetectClient client, DetectOptions options, Reader reader, double downsample, Double imagePixelSizeMicrons) {
        this.client = client;
        this.options = options;
        this.reader = reader;
        this.downsample = downsample;
        this.imagePixelSizeMicrons = imagePixelSizeMicrons;
    }

    @Override
    public List<Point> detect(Tile tile) throws IOException {
        ImagePixels pixels = reader.read(tile.read, downsample);
        DetectOptions tileOptions = options.copy();
        if (imagePixelSizeMicrons != null) {
            // The pixels sent are larger than the image's by the downsample the host actually applied.
            tileOptions.pixelSizeMicrons(imagePixelSizeMicrons * tile.read.width / pixels.width());
        }
        double sentPerImagePixel = (double) pixels.width() / tile.read.width;
        Double cellDiameter = imageCellDiameter.inSentPixels(sentPerImagePixel);
        if (cellDiameter != null && tileOptions.parameter("cellDiameterPixels") == null) {
            tileOptions.cellDiameterPixels(cellDiameter);
        }
        DetectResult result = pixels.detect(client, tileOptions, null);
        imageCellDiameter.learnFrom(result, sentPerImagePixel);
        List<Point> points = new ArrayList<Point>(result.points().size());
        for (Point point : result.points()) {
            double x = Coordinates.toImageCorner(point.x, tile.read.x, tile.read.width, pixels.width()) - Coordinates.CENTRE_TO_CORNER;
            double y = Coordinates.toImageCorner(point.y, tile.read.y, tile.read.height, pixels.height()) - Coordinates.CENTRE_TO_CORNER;
            points.add(new Point(x, y, point.score));
        }
        return points;
    }
}
