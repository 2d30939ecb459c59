package org.celldetect.host;

import org.celldetect.client.DetectResult;

/**
 * The cell diameter the service estimated on one image of a series (the frames of an acquisition,
 * the tiles of an image), sent with the series' later images: they share a cell size, and each
 * estimate takes up to about a second. An estimate is kept only from an image in which at least
 * {@link #MIN_CELLS} cells were found: a blank first frame or a background tile says little about
 * how large the cells are, and its estimate would set the scale of everything after it.
 */
final class SharedCellDiameter {
    static final int MIN_CELLS = 10;

    /** In the series' own pixels (full resolution); null until an image gave a usable estimate. */
    private volatile Double diameter;

    /** The diameter in the pixels of an image sent at {@code sentPerSeriesPixel}; null while none is known. */
    Double inSentPixels(double sentPerSeriesPixel) {
        Double known = diameter;
        return known == null ? null : known * sentPerSeriesPixel;
    }

    /** Keeps the result's estimate when none is known yet and the image had enough cells to trust it. */
    void learnFrom(DetectResult result, double sentPerSeriesPixel) {
        Double estimate = result.estimatedCellDiameterPixels();
        if (diameter == null && estimate != null && result.count() >= MIN_CELLS) {
            diameter = estimate / sentPerSeriesPixel;
        }
    }
}
