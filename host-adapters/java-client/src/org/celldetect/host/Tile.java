package org.celldetect.host;

/**
 * One piece of a region detected on its own: the service sees {@link #read}, and of the cells it
 * finds only those in {@link #core} count. Cores of a region's tiles do not overlap and together
 * cover the region exactly, so every cell is kept once; the margin between core and read rectangle
 * gives cells near a core's edge the context they need.
 */
public final class Tile {
    public final PixelRect read;
    public final PixelRect core;

    public Tile(PixelRect read, PixelRect core) {
        this.read = read;
        this.core = core;
    }

    /** Whether this tile keeps a cell at a point in pixel-centre coordinates (the protocol's). */
    public boolean keeps(double x, double y) {
        return core.containsCorner(x + Coordinates.CENTRE_TO_CORNER, y + Coordinates.CENTRE_TO_CORNER);
    }

    @Override
    public String toString() {
        return "tile core " + core + " read " + read;
    }
}
