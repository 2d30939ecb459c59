package org.celldetect.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.celldetect.client.Check;
import org.celldetect.client.Point;

/** TileGrid's tiles, the coordinate mapping and RegionDetector's one-cell-once rule, without a service. */
public final class TilingTest {
    private TilingTest() {
    }

    public static void testCoresPartitionTheRegionAndReadsAddAlignedMargins() {
        TileGrid grid = new TileGrid(1000, 700, 1, 256, 48);
        PixelRect region = new PixelRect(37, 21, 900, 600);
        List<Tile> tiles = grid.cover(region);
        Check.equal(4 * 3, tiles.size(), "900 x 600 in 256-pixel cores");
        for (int y = region.y; y < region.y + region.height; y += 7) {
            for (int x = region.x; x < region.x + region.width; x += 7) {
                int owners = 0;
                for (Tile tile : tiles) {
                    owners += tile.keeps(x, y) ? 1 : 0;
                }
                Check.equal(1, owners, "tiles keeping pixel (" + x + ", " + y + ")");
            }
        }
        for (Tile tile : tiles) {
            Check.isTrue(tile.read.x % TileGrid.ALIGNMENT == 0 && tile.read.y % TileGrid.ALIGNMENT == 0, tile + " starts on the grid");
            Check.isTrue(tile.read.x <= Math.max(0, tile.core.x - 48) && tile.read.y <= Math.max(0, tile.core.y - 48), tile + " has its margin before the core");
            Check.equal(Math.min(1000, tile.core.x + tile.core.width + 48), tile.read.x + tile.read.width, tile + " right edge");
            Check.equal(Math.min(700, tile.core.y + tile.core.height + 48), tile.read.y + tile.read.height, tile + " bottom edge");
        }
    }

    public static void testDownsampleScalesCoresAndMarginsToFullResolution() {
        List<Tile> tiles = new TileGrid(5000, 5000, 2.5, 1024, 48).cover(new PixelRect(0, 0, 5000, 5000));
        Check.equal(new PixelRect(0, 0, 2560, 2560), tiles.get(0).core, "1024 sent pixels are 2560 image pixels");
        Check.equal(new PixelRect(0, 0, 2560 + 120, 2560 + 120), tiles.get(0).read, "48 sent pixels of margin are 120 image pixels");
        Check.equal(4, tiles.size(), "2 x 2 tiles");
    }

    public static void testOneTileWhenTheRegionFits() {
        List<Tile> tiles = new TileGrid(500, 500, 1, 1024, 48).cover(new PixelRect(100, 100, 200, 150));
        Check.equal(1, tiles.size(), "one tile");
        Check.equal(new PixelRect(48, 48, 300, 250), tiles.get(0).read, "with context around the region");
    }

    public static void testCellsAreMappedFromDownsampledPixelsToImageCorners() {
        // 100 image pixels from x = 40 read into 50 pixels: sent pixel 0's centre is image pixel 40-41's shared edge.
        Check.equal(41.0, Coordinates.toImageCorner(0, 40, 100, 50), "centre of the first sent pixel");
        Check.equal(140.0, Coordinates.toImageCorner(49.5, 40, 100, 50), "right edge");
        Check.equal(40.5, Coordinates.toImageCorner(0, 40, 50, 50), "no downsample: pixel centre + 0.5");
    }

    public static void testRegionCoveringAnAreaClipsToTheImage() {
        Check.equal(new PixelRect(10, 0, 6, 4), PixelRect.covering(10.2, -3, 5.5, 6.5, 100, 100), "partly outside");
        Check.equal(null, PixelRect.covering(200, 200, 5, 5, 100, 100), "outside");
    }

    public static void testEachCellIsKeptOnceWhenTilesOverlap() throws Exception {
        // Cells every 10 pixels; every tile reports every cell in its read rectangle.
        final List<Point> truth = new ArrayList<Point>();
        for (int y = 5; y < 300; y += 10) {
            for (int x = 5; x < 300; x += 10) {
                truth.add(new Point(x, y, 0.5));
            }
        }
        RegionDetector detector = new RegionDetector(new TileGrid(300, 300, 1, 64, 48), 3);
        List<Point> found = detector.detect(new PixelRect(0, 0, 300, 300), tile -> {
            List<Point> inRead = new ArrayList<Point>();
            for (Point cell : truth) {
                if (tile.read.containsCorner(cell.x + 0.5, cell.y + 0.5)) {
                    inRead.add(cell);
                }
            }
            return inRead;
        });
        Check.equal(truth.size(), found.size(), "every cell once");
    }

    public static void testACellTwoTilesPlaceEitherSideOfTheirEdgeIsKeptOnceWithTheHigherScore() throws Exception {
        RegionDetector detector = new RegionDetector(new TileGrid(200, 96, 1, 96, 48), 3);
        final List<Integer> tilesAsked = new ArrayList<Integer>();
        List<Point> found = detector.detect(new PixelRect(0, 0, 200, 96), tile -> {
            tilesAsked.add(tile.core.x);
            // The core edge is x = 96 (corner), i.e. 95.5 in centre coordinates.
            return tile.core.x == 0
                    ? Arrays.asList(new Point(95.2, 50, 0.6), new Point(20, 20, 0.9), new Point(21, 21, 0.8))
                    : Arrays.asList(new Point(96.1, 50.4, 0.7), new Point(150, 50, 0.9));
        });
        Check.equal(Arrays.asList(0, 96, 192), tilesAsked, "three tiles");
        Check.equal(4, found.size(), "the shared cell once; two close cells of one tile stay two: " + found);
        boolean higherKept = false;
        for (Point point : found) {
            Check.isTrue(point.x != 95.2, "the lower-scored copy is dropped");
            higherKept |= point.x == 96.1;
        }
        Check.isTrue(higherKept, "the higher-scored copy is kept");
    }
}
