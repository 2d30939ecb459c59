package org.celldetect.host;

/**
 * The two pixel coordinate conventions the hosts meet. The protocol, the CSV files and Micro-Manager
 * metadata put (0, 0) at the centre of the top-left pixel; QuPath's and ImageJ's ROIs put it at the
 * pixel's top-left corner, so the centre of the top-left pixel is (0.5, 0.5) there.
 */
public final class Coordinates {
    /** Added to a pixel-centre coordinate to get the corner coordinate of the same place. */
    public static final double CENTRE_TO_CORNER = 0.5;

    private Coordinates() {
    }

    /**
     * Where a pixel-centre coordinate of a resampled image lies in the full-resolution image, in
     * corner coordinates: a host read {@code span} full-resolution pixels from {@code origin} into
     * {@code samples} pixels (QuPath's readRegion at a downsample; samples = span when not resampled).
     */
    public static double toImageCorner(double centre, int origin, int span, int samples) {
        return origin + (centre + CENTRE_TO_CORNER) * span / samples;
    }
}
