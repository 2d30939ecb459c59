package org.celldetect.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.celldetect.client.Point;

/**
 * Detects cells in a region of any size, tile by tile ({@link TileGrid}), and returns each cell once:
 * a tile keeps only the cells in its core, and a cell two neighbouring tiles both report just either
 * side of their shared core edge (their normalisation can differ slightly) is kept once, with the
 * higher score.
 */
public final class RegionDetector {
    /** Detects cells in one tile's read rectangle. */
    public interface TileSource {
        /** The cells in full-resolution pixel-centre coordinates (the protocol's convention). */
        List<Point> detect(Tile tile) throws IOException;
    }

    private final TileGrid grid;
    private final double mergeDistance;

    /**
     * @param mergeDistance full-resolution pixels within which cells from different tiles are one
     *        cell: the model's peak radius times the downsample
     */
    public RegionDetector(TileGrid grid, double mergeDistance) {
        this.grid = grid;
        this.mergeDistance = mergeDistance;
    }

    /** The cells in a region, in full-resolution pixel-centre coordinates. */
    public List<Point> detect(PixelRect region, TileSource source) throws IOException {
        List<Tile> tiles = grid.cover(region);
        List<TiledPoint> kept = new ArrayList<TiledPoint>();
        for (int index = 0; index < tiles.size(); index++) {
            Tile tile = tiles.get(index);
            for (Point point : source.detect(tile)) {
                if (tile.keeps(point.x, point.y)) {
                    kept.add(new TiledPoint(point, index));
                }
            }
        }
        return mergeAcrossTiles(kept);
    }

    /** Keeps cells by falling score, dropping any within the merge distance of a kept cell from another tile. */
    private List<Point> mergeAcrossTiles(List<TiledPoint> points) {
        Collections.sort(points, new Comparator<TiledPoint>() {
            @Override
            public int compare(TiledPoint a, TiledPoint b) {
                return Double.compare(b.point.score, a.point.score);
            }
        });
        double cell = Math.max(mergeDistance, 1);
        Map<Long, List<TiledPoint>> buckets = new HashMap<Long, List<TiledPoint>>();
        List<Point> result = new ArrayList<Point>();
        for (TiledPoint candidate : points) {
            long bx = (long) Math.floor(candidate.point.x / cell);
            long by = (long) Math.floor(candidate.point.y / cell);
            if (!nearKeptFromOtherTile(candidate, bx, by, buckets)) {
                Long key = key(bx, by);
                List<TiledPoint> bucket = buckets.get(key);
                if (bucket == null) {
                    bucket = new ArrayList<TiledPoint>();
                    buckets.put(key, bucket);
                }
                bucket.add(candidate);
                result.add(candidate.point);
            }
        }
        return result;
    }

    private boolean nearKeptFromOtherTile(TiledPoint candidate, long bx, long by, Map<Long, List<TiledPoint>> buckets) {
        for (long dy = -1; dy <= 1; dy++) {
            for (long dx = -1; dx <= 1; dx++) {
                List<TiledPoint> bucket = buckets.get(key(bx + dx, by + dy));
                if (bucket == null) {
                    continue;
                }
                for (TiledPoint kept : bucket) {
                    double distanceX = kept.point.x - candidate.point.x;
                    double distanceY = kept.point.y - candidate.point.y;
                    if (kept.tile != candidate.tile && distanceX * distanceX + distanceY * distanceY <= mergeDistance * mergeDistance) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Long key(long bx, long by) {
        return (bx << 32) ^ (by & 0xffffffffL);
    }

    private static final class TiledPoint {
        final Point point;
        final int tile;

        TiledPoint(Point point, int tile) {
            this.point = point;
            this.tile = tile;
        }
    }
}
