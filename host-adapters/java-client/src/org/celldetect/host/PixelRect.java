package org.celldetect.host;

/**
 * A rectangle of whole pixels of the full-resolution image: columns x to x + width - 1, rows y to
 * y + height - 1. As an area it spans [x, x + width) x [y, y + height) in corner coordinates, where
 * the top-left corner of the image is (0, 0) and the centre of its top-left pixel is (0.5, 0.5).
 */
public final class PixelRect {
    public final int x;
    public final int y;
    public final int width;
    public final int height;

    public PixelRect(int x, int y, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("A rectangle is at least 1 x 1 pixels, not " + width + " x " + height);
        }
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    /**
     * The whole pixels an area in corner coordinates touches (a QuPath ROI's bounds), clipped to the
     * image; null when nothing of it lies inside.
     */
    public static PixelRect covering(double x, double y, double width, double height, int imageWidth, int imageHeight) {
        int left = Math.max(0, (int) Math.floor(x));
        int top = Math.max(0, (int) Math.floor(y));
        int right = Math.min(imageWidth, (int) Math.ceil(x + width));
        int bottom = Math.min(imageHeight, (int) Math.ceil(y + height));
        return right > left && bottom > top ? new PixelRect(left, top, right - left, bottom - top) : null;
    }

    /** Whether a point in corner coordinates lies in the area; left and top edges in, right and bottom out. */
    public boolean containsCorner(double cornerX, double cornerY) {
        return cornerX >= x && cornerX < x + width && cornerY >= y && cornerY < y + height;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PixelRect)) {
            return false;
        }
        PixelRect rect = (PixelRect) other;
        return rect.x == x && rect.y == y && rect.width == width && rect.height == height;
    }

    @Override
    public int hashCode() {
        return ((x * 31 + y) * 31 + width) * 31 + height;
    }

    @Override
    public String toString() {
        return "[" + x + ", " + y + ", " + width + ", " + height + "]";
    }
}
