package org.celldetect.host;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.celldetect.client.CellDetectClient;

/**
 * The model a run uses, decided once before the first tile: left on auto, the service would choose
 * per request, and tiles of one image could get different models.
 */
public final class ModelInfo {
    /** The built-in models' peak radius; used for model files the service does not list. */
    public static final int DEFAULT_PEAK_RADIUS = 3;

    public final String name;
    /** The training images' pixel size; null when unknown. */
    public final Double pixelSizeMicrons;
    /** Two cells closer than this (model pixels) are one: the service's non-maximum suppression radius. */
    public final int peakRadius;

    public ModelInfo(String name, Double pixelSizeMicrons, int peakRadius) {
        this.name = name;
        this.pixelSizeMicrons = pixelSizeMicrons;
        this.peakRadius = peakRadius;
    }

    /**
     * The model to use: the requested one, or for auto the service's default for the kind of image
     * (hello's defaultModels), with what models.list says of it.
     *
     * @param requested a model name or .cdmodel path; null for auto
     * @param fluorescence whether the image is fluorescence (one channel, or the host says so)
     */
    public static ModelInfo resolve(CellDetectClient client, String requested, boolean fluorescence) throws IOException {
        String name = requested;
        if (name == null) {
            Map<?, ?> defaults = (Map<?, ?>) client.server().get("defaultModels");
            name = (String) defaults.get(fluorescence ? "fluorescence" : "brightfield");
        }
        List<Map<String, Object>> models = client.models();
        for (Map<String, Object> model : models) {
            if (name.equals(model.get("name"))) {
                Object pixelSize = model.get("pixelSizeMicrons");
                return new ModelInfo(name, pixelSize == null ? null : ((Number) pixelSize).doubleValue(), ((Number) model.get("peakRadius")).intValue());
            }
        }
        // A model file the service was not configured with: the service reads it, its pixel size stays unknown here.
        return new ModelInfo(name, null, DEFAULT_PEAK_RADIUS);
    }

    /**
     * Full-resolution pixels per pixel sent: model pixel size / image pixel size when both are known
     * and the image is finer than the model, else 1. A coarser image is sent as it is, with its pixel
     * size, and the service enlarges it (hosts need not upsample).
     */
    public double downsampleFor(Double imagePixelSizeMicrons) {
        if (pixelSizeMicrons == null || imagePixelSizeMicrons == null || !(imagePixelSizeMicrons > 0)) {
            return 1;
        }
        return Math.max(1, pixelSizeMicrons / imagePixelSizeMicrons);
    }
}
