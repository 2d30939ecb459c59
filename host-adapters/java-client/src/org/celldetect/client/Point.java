package org.celldetect.client;

/**
 * A detected cell: its centre in the image's pixel coordinates ((0, 0) is the centre of the
 * top-left pixel; ImageJ's ROI coordinates are those plus 0.5) and the proximity at the peak, 0..1.
 */
public final class Point {
    public final double x;
    public final double y;
    public final double score;

    public Point(double x, double y, double score) {
        this.x = x;
        this.y = y;
        this.score = score;
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ", " + score + ")";
    }
}
