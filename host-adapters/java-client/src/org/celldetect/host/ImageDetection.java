package org.celldetect.host;

import java.io.IOException;
import java.util.List;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.Point;

/**
 * Detection in regions of one image whose pixels the host reads (QuPath): resolves the model once,
 * reads at the model's pixel size, tiles, and returns every cell once in full-resolution
 * pixel-centre coordinates.
 */
public final class ImageDetection {
    /** A tile's core, in pixels sent: big enough that margins cost little, small enough to show progress. */
    public static final int CORE_SIZE = 1024;
    /**
     * The context read around each core, in pixels sent. A proximity value depends on the 49 x 49
     * patches whose 17 x 17 outputs cover it (pixels up to 8 + 24 = 32 away), and a peak on its
     * neighbours within the peak radius (3): 48 covers both and is a multiple of {@link TileGrid#ALIGNMENT}.
     */
    public static final int MARGIN = 48;

    private final ModelInfo model;
    private final Double imagePixelSizeMicrons;
    private final double downsample;
    private final RegionDetector detector;
    private final PixelTiles tiles;

    /**
     * @param settings the command's dialog values (plugin.json's detect-cells parameters)
     * @param calibratedPixelSizeMicrons the host's calibration; null when uncalibrated. The settings' pixel size overrides it
     * @param fluorescence whether the image is fluorescence, for the automatic model choice
     */
    public ImageDetection(CellDetectClient client, CommandSettings settings, int imageWidth, int imageHeight, Double calibratedPixelSizeMicrons,
                          boolean fluorescence, PixelTiles.Reader reader) throws IOException {
        model = ModelInfo.resolve(client, settings.string("model"), fluorescence);
        Double override = settings.number("pixelSizeMicrons");
        imagePixelSizeMicrons = override != null ? override : calibratedPixelSizeMicrons;
        downsample = model.downsampleFor(imagePixelSizeMicrons);
        DetectOptions options = settings.toOptions().model(model.name);
        detector = new RegionDetector(new TileGrid(imageWidth, imageHeight, downsample, CORE_SIZE, MARGIN), model.peakRadius * downsample);
        tiles = new PixelTiles(client, options, reader, downsample, imagePixelSizeMicrons);
    }

    public ModelInfo model() {
        return model;
    }

    /** The pixel size detection assumes for the image; null when unknown. */
    public Double imagePixelSizeMicrons() {
        return imagePixelSizeMicrons;
    }

    /** Full-resolution pixels per pixel sent. */
    public double downsample() {
        return downsample;
    }

    /** The cells in a region of the full-resolution image, each once. */
    public List<Point> detect(PixelRect region, RegionDetector.Progress progress) throws IOException {
        return detector.detect(region, tiles, progress);
    }
}
