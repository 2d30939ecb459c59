package org.celldetect.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A detect result (manifests/protocol/README.md, section 4.3); {@link #raw()} holds it as the service sent it. */
public final class DetectResult {
    private final Map<String, Object> raw;
    private final List<Point> points;
    private final float[] proximityMap;

    DetectResult(Map<String, Object> raw, byte[] payload) throws CellDetectException {
        this.raw = raw;
        List<Point> cells = new ArrayList<Point>();
        for (Object item : (List<?>) raw.get("points")) {
            Map<?, ?> point = (Map<?, ?>) item;
            cells.add(new Point(number(point.get("x")), number(point.get("y")), number(point.get("score"))));
        }
        points = Collections.unmodifiableList(cells);
        proximityMap = raw.containsKey("proximityMap") ? floats(payload) : null;
    }

    /** The cells, in the input image's pixel coordinates (a region's offset added back). */
    public List<Point> points() {
        return points;
    }

    public int count() {
        return integer("count");
    }

    public String modelName() {
        return (String) map("model").get("name");
    }

    /** "requested", or why the model was chosen from the image. */
    public String modelReason() {
        return (String) map("model").get("reason");
    }

    public int stride() {
        return integer("stride");
    }

    public double threshold() {
        return number(raw.get("threshold"));
    }

    /** Model pixels per image pixel the image was rescaled by; 1 when not rescaled. */
    public double scale() {
        return number(raw.get("scale"));
    }

    /**
     * The image's cell diameter in pixels as the service estimated it to set the scale; null when it
     * estimated nothing (the model does not estimate, or a calibration or cell diameter set the scale).
     */
    public Double estimatedCellDiameterPixels() {
        Object diameter = raw.get("estimatedCellDiameterPixels");
        return diameter == null ? null : number(diameter);
    }

    /** True when the service averaged the 8 flips and rotations (test-time augmentation); false from services older than it. */
    public boolean testTimeAugmentation() {
        return Boolean.TRUE.equals(raw.get("testTimeAugmentation"));
    }

    /** The whole input image's width (not the region's). */
    public int width() {
        return integer("width");
    }

    public int height() {
        return integer("height");
    }

    /** The rectangle detected in: {x, y, width, height}. */
    public int[] region() {
        List<?> region = (List<?>) raw.get("region");
        int[] values = new int[region.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) region.get(i)).intValue();
        }
        return values;
    }

    /** The page read; null for pixels. */
    public Integer page() {
        Object page = raw.get("page");
        return page == null ? null : ((Number) page).intValue();
    }

    /** Milliseconds: "queuedMs", "readMs", "detectMs", "totalMs". */
    public double timing(String name) {
        return number(map("timings").get(name));
    }

    /** The QuPath GeoJSON FeatureCollection, when asked for; else null. */
    public String geojson() {
        return (String) raw.get("geojson");
    }

    /** The proximity map, row-major, {@link #proximityMapWidth()} wide; null when not asked for. */
    public float[] proximityMap() {
        return proximityMap;
    }

    public int proximityMapWidth() {
        return ((Number) map("proximityMap").get("width")).intValue();
    }

    public int proximityMapHeight() {
        return ((Number) map("proximityMap").get("height")).intValue();
    }

    public Map<String, Object> raw() {
        return raw;
    }

    private float[] floats(byte[] payload) throws CellDetectException {
        long expected = 4L * proximityMapWidth() * proximityMapHeight();
        if (payload.length != expected) {
            throw new CellDetectException(ErrorCodes.PAYLOAD_SIZE_MISMATCH, "The proximity map is " + proximityMapWidth() + " x "
                    + proximityMapHeight() + " but the reply's payload has " + payload.length + " bytes.");
        }
        float[] values = new float[payload.length / 4];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private Map<?, ?> map(String name) {
        return (Map<?, ?>) raw.get(name);
    }

    private int integer(String name) {
        return ((Number) raw.get(name)).intValue();
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
