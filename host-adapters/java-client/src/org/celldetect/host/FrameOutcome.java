package org.celldetect.host;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.celldetect.client.DetectResult;
import org.celldetect.client.Point;

/**
 * What detection made of one frame: its own cells, or why it has none. {@link #metadata()} is what
 * acquisition hosts attach to the frame.
 */
public final class FrameOutcome {
    /** Metadata keys; coordinates are image pixels with (0, 0) the centre of the top-left pixel. */
    public static final String STATUS = "CellDetect-Status";
    public static final String REASON = "CellDetect-Reason";
    public static final String COUNT = "CellDetect-Count";
    public static final String X = "CellDetect-X";
    public static final String Y = "CellDetect-Y";
    public static final String SCORE = "CellDetect-Score";
    public static final String MODEL = "CellDetect-Model";
    public static final String DETECT_MS = "CellDetect-DetectMs";

    public enum Status {
        /** The frame's cells are attached. */
        DETECTED("detected"),
        /** Not sent: this host's earlier detections are still running, or (skip) the service is busy with other work. */
        SKIPPED_BUSY("skipped-busy"),
        /** Sent, but its result did not come within the longest wait; the request was cancelled. */
        SKIPPED_TIMEOUT("skipped-timeout"),
        /** No service to send it to (not running, still starting, or the connection was lost). */
        SKIPPED_NO_SERVICE("skipped-no-service"),
        /** The service refused the frame (e.g. an unknown model), or the host could not send it; the reason says why. */
        FAILED("failed");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        /** The value of {@link #STATUS}. */
        public String value() {
            return value;
        }
    }

    private final Status status;
    private final DetectResult result;
    private final String reason;

    private FrameOutcome(Status status, DetectResult result, String reason) {
        this.status = status;
        this.result = result;
        this.reason = reason;
    }

    static FrameOutcome detected(DetectResult result) {
        return new FrameOutcome(Status.DETECTED, result, null);
    }

    static FrameOutcome without(Status status, String reason) {
        return new FrameOutcome(status, null, reason);
    }

    /** A frame the host could not send (a pixel type the protocol has no form for). */
    public static FrameOutcome failed(String reason) {
        return without(Status.FAILED, reason);
    }

    /** Every key {@link #metadata()} may set, for hosts that clear a frame's earlier outcome first. */
    public static List<String> keys() {
        return Arrays.asList(STATUS, REASON, COUNT, X, Y, SCORE, MODEL, DETECT_MS);
    }

    public Status status() {
        return status;
    }

    /** The frame's detection; null unless detected. */
    public DetectResult result() {
        return result;
    }

    /** Why the frame has no cells, for people; null when detected. */
    public String reason() {
        return reason;
    }

    /**
     * Key to value, each an Integer, Double, String or double[]: the status, then either count, x, y,
     * score, model and the service's milliseconds, or the reason.
     */
    public Map<String, Object> metadata() {
        Map<String, Object> entries = new LinkedHashMap<String, Object>();
        entries.put(STATUS, status.value());
        if (result == null) {
            entries.put(REASON, reason);
            return entries;
        }
        List<Point> points = result.points();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        double[] score = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i).x;
            y[i] = points.get(i).y;
            score[i] = points.get(i).score;
        }
        entries.put(COUNT, points.size());
        entries.put(X, x);
        entries.put(Y, y);
        entries.put(SCORE, score);
        entries.put(MODEL, result.modelName());
        entries.put(DETECT_MS, result.timing("totalMs"));
        return entries;
    }

    @Override
    public String toString() {
        return status.value() + (result != null ? " " + result.count() + " cells" : ": " + reason);
    }
}
