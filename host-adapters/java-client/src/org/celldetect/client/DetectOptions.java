package org.celldetect.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of a detect request; everything left unset is the model's default, or for the model,
 * chosen from the image. Setters return this: {@code new DetectOptions().model("he-nuclei").stride(2)}.
 */
public final class DetectOptions {
    private final Map<String, Object> params = new LinkedHashMap<String, Object>();
    private boolean geojson;
    private boolean proximityMap;

    /** A copy to change (a tile's region, a frame's pixel size) without changing this one. */
    public DetectOptions copy() {
        DetectOptions copy = new DetectOptions();
        copy.params.putAll(params);
        copy.geojson = geojson;
        copy.proximityMap = proximityMap;
        return copy;
    }

    /** A parameter's value as set; null when unset. */
    public Object parameter(String name) {
        return params.get(name);
    }

    /** A name from {@code models()} or a .cdmodel path on the service's machine. */
    public DetectOptions model(String name) {
        params.put("model", name);
        return this;
    }

    /** Proximity threshold, 0..1. */
    public DetectOptions threshold(double threshold) {
        params.put("threshold", finite("threshold", threshold));
        return this;
    }

    /** Scanning stride in pixels, 1..64. */
    public DetectOptions stride(int stride) {
        params.put("stride", stride);
        return this;
    }

    /** The image's pixel size in micrometres, overriding the file's calibration. */
    public DetectOptions pixelSizeMicrons(double micrometres) {
        params.put("pixelSizeMicrons", finite("pixelSizeMicrons", micrometres));
        return this;
    }

    /**
     * The image's typical cell diameter in pixels, for a model trained at one cell size: the image is
     * rescaled to the model's, overriding the pixel sizes and the service's estimate.
     */
    public DetectOptions cellDiameterPixels(double pixels) {
        params.put("cellDiameterPixels", finite("cellDiameterPixels", pixels));
        return this;
    }

    /**
     * Test-time augmentation: the service averages the 8 flips and 90-degree rotations of the image,
     * about 7 times slower; it helps large fluorescence nuclei. Off leaves the parameter out (the
     * protocol's default), so that services older than it still take the request.
     */
    public DetectOptions testTimeAugmentation(boolean on) {
        if (on) {
            params.put("testTimeAugmentation", Boolean.TRUE);
        } else {
            params.remove("testTimeAugmentation");
        }
        return this;
    }

    /** Detect only in this rectangle; points still come in the whole image's coordinates. */
    public DetectOptions region(int x, int y, int width, int height) {
        params.put("region", Arrays.<Object>asList(x, y, width, height));
        return this;
    }

    /** For files: the image of a multi-image file, 0-based. */
    public DetectOptions page(int page) {
        params.put("page", page);
        return this;
    }

    /** Also return the points as a QuPath GeoJSON FeatureCollection. */
    public DetectOptions geojson(boolean wanted) {
        geojson = wanted;
        return this;
    }

    /** Also return the proximity map. */
    public DetectOptions proximityMap(boolean wanted) {
        proximityMap = wanted;
        return this;
    }

    /** Fail at once with {@code busy} instead of waiting behind other detections (live acquisition). */
    public DetectOptions failWhenBusy() {
        params.put("whenBusy", "fail");
        return this;
    }

    Map<String, Object> toParams() {
        Map<String, Object> copy = new LinkedHashMap<String, Object>(params);
        Map<String, Object> outputs = new LinkedHashMap<String, Object>();
        if (geojson) {
            outputs.put("geojson", true);
        }
        if (proximityMap) {
            outputs.put("proximityMap", true);
        }
        if (!outputs.isEmpty()) {
            copy.put("outputs", outputs);
        }
        return copy;
    }

    private static double finite(String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, not " + value);
        }
        return value;
    }
}
