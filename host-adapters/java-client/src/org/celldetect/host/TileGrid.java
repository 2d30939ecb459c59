package org.celldetect.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a region of an image into {@link Tile}s small enough to send one at a time. Sizes are given
 * in pixels of the image as the service receives it (after the host's downsample) and converted to
 * full-resolution pixels here.
 */
public final class TileGrid {
    /**
     * Read rectangles start on multiples of this many received pixels, so that neighbouring tiles
     * (and the whole image) see their shared pixels on the same scanning grid for every stride that
     * divides it (the service's strides are 1 to 64; the built-in models use 4).
     */
    public static final int ALIGNMENT = 16;

    private final int imageWidth;
    private final int imageHeight;
    private final int corePixels;
    private final int marginPixels;
    private final int alignment;

    /**
     * @param downsample full-resolution pixels per received pixel (1 when the host sends full resolution)
     * @param coreSize the side of a tile's core, in received pixels
     * @param margin the context read around each core, in received pixels
     */
    public TileGrid(int imageWidth, int imageHeight, double downsample, int coreSize, int margin) {
        if (!(downsample > 0) || coreSize < 1 || margin < 0) {
            throw new IllegalArgumentException("downsample > 0, core size >= 1 and margin >= 0, not " + downsample + ", " + coreSize + ", " + margin);
        }
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.alignment = Math.max(1, (int) Math.round(ALIGNMENT * downsample));
        this.corePixels = Math.max(alignment, (int) Math.round(coreSize * downsample / alignment) * alignment);
        this.marginPixels = (int) Math.ceil(margin * downsample);
    }

    /** The tiles covering a region, row by row; their cores partition the region. */
    public List<Tile> cover(PixelRect region) {
        if (region.x < 0 || region.y < 0 || region.x + region.width > imageWidth || region.y + region.height > imageHeight) {
            throw new IllegalArgumentException("The region " + region + " is not inside the " + imageWidth + " x " + imageHeight + " image");
        }
        List<Tile> tiles = new ArrayList<Tile>();
        for (int top = region.y; top < region.y + region.height; top += corePixels) {
            int bottom = Math.min(region.y + region.height, top + corePixels);
            for (int left = region.x; left < region.x + region.width; left += corePixels) {
                int right = Math.min(region.x + region.width, left + corePixels);
                PixelRect core = new PixelRect(left, top, right - left, bottom - top);
                int readLeft = alignedStart(left);
                int readTop = alignedStart(top);
                int readRight = Math.min(imageWidth, right + marginPixels);
                int readBottom = Math.min(imageHeight, bottom + marginPixels);
                tiles.add(new Tile(new PixelRect(readLeft, readTop, readRight - readLeft, readBottom - readTop), core));
            }
        }
        return tiles;
    }

    /** The start of a read rectangle: at least the margin before the core, on the alignment grid, inside the image. */
    private int alignedStart(int coreStart) {
        return Math.max(0, Math.floorDiv(coreStart - marginPixels, alignment) * alignment);
    }
}
