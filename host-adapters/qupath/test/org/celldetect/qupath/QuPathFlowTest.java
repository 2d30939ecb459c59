package org.celldetect.qupath;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.Check;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.FakeDetectionService;
import org.celldetect.client.Point;
import org.celldetect.client.RealService;
import org.celldetect.host.BufferedImagePixels;
import org.celldetect.host.ImageDetection;
import org.celldetect.host.ImagePixels;
import org.celldetect.host.ManifestChecks;
import org.celldetect.host.PixelTiles;

/**
 * What the extension does between QuPath calls, without QuPath: BufferedImages as
 * ImageServer.readRegion returns them become protocol pixels, annotations become areas, and the cells
 * come back once each, in the right place, from a stand-in service and from the real one.
 */
public final class QuPathFlowTest {
    private QuPathFlowTest() {
    }

    /** An area of a BufferedImage "server", read as QuPath does: the rectangle scaled by 1 / downsample. */
    record ShapeArea(BufferedImage image, java.awt.Shape shape) implements ImageDetection.Area {
        @Override
        public double boundsX() {
            return shape.getBounds2D().getX();
        }

        @Override
        public double boundsY() {
            return shape.getBounds2D().getY();
        }

        @Override
        public double boundsWidth() {
            return shape.getBounds2D().getWidth();
        }

        @Override
        public double boundsHeight() {
            return shape.getBounds2D().getHeight();
        }

        @Override
        public boolean containsCorner(double x, double y) {
            return shape.contains(x, y);
        }

        @Override
        public PixelTiles.Reader reader() {
            return (rect, downsample) -> {
                BufferedImage region = image.getSubimage(rect.x, rect.y, rect.width, rect.height);
                int width = (int) Math.max(1, Math.round(rect.width / downsample));
                int height = (int) Math.max(1, Math.round(rect.height / downsample));
                if (width == rect.width && height == rect.height) {
                    return BufferedImagePixels.of(region, image.getRaster().getNumBands() >= 3 ? 3 : 1);
                }
                BufferedImage scaled = new BufferedImage(width, height, image.getType());
                Graphics2D graphics = scaled.createGraphics();
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.drawImage(region, 0, 0, width, height, null);
                graphics.dispose();
                return BufferedImagePixels.of(scaled, image.getRaster().getNumBands() >= 3 ? 3 : 1);
            };
        }
    }

    // BufferedImage pixels

    public static void testRgbImagesBecomeInterleavedRgbBytes() {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage image = new BufferedImage(3, 2, type);
            image.setRGB(0, 0, 0xffff0000);
            image.setRGB(1, 0, 0xff00ff00);
            image.setRGB(2, 1, 0xff0000ff);
            ImagePixels pixels = BufferedImagePixels.of(image, 3);
            byte[] rgb = (byte[]) pixels.samples();
            Check.equal(3, pixels.channels(), "type " + type + " channels");
            Check.equal("ff0000 00ff00 000000 000000 000000 0000ff", hex(rgb), "type " + type + " samples");
        }
    }

    public static void testGrayImagesKeepTheirDepthAndMultichannelImagesSendTheirFirstChannel() {
        BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(1, 0, 0, 65535);
        ImagePixels pixels = BufferedImagePixels.of(gray16, 1);
        Check.isTrue(pixels.samples() instanceof short[], "16-bit stays 16-bit");
        Check.equal(-1, (int) ((short[]) pixels.samples())[1], "65535 as Java's short bits");

        WritableRaster floats = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_FLOAT, 2, 1, 1), null);
        floats.setSample(0, 0, 0, 0.25f);
        BufferedImage gray32 = new BufferedImage(new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT), floats, false, null);
        Check.equal(0.25f, ((float[]) BufferedImagePixels.of(gray32, 1).samples())[0], "float stays float");

        BufferedImage threeChannels = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        threeChannels.setRGB(0, 0, 0x804020);
        ImagePixels first = BufferedImagePixels.of(threeChannels, 1);
        Check.equal(1, first.channels(), "one channel sent");
        Check.equal(0x80, ((byte[]) first.samples())[0] & 0xff, "the first band");
    }

    // Areas against the stand-in service, whose cells are marker pixels

    public static void testOverlappingAnnotationsShareNoCellAndCellsOutsideTheShapeAreDropped() throws Exception {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY);
        int[][] markers = {{30, 30}, {100, 100}, {150, 100}, {199, 100}, {260, 100}, {380, 20}};
        for (int[] marker : markers) {
            image.getRaster().setSample(marker[0], marker[1], 0, 255);
        }
        List<ShapeArea> areas = List.of(new ShapeArea(image, new Ellipse2D.Double(20, 20, 160, 160)),    // (30, 30) is in its bounds, outside the circle
                new ShapeArea(image, new Rectangle2D.Double(120, 60, 180.4, 80)));
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), null);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(ManifestChecks.manifest().command("detect-cells")), 400, 300, null, true);
            List<List<Point>> cells = detection.detectInAreas(areas);
            Check.equal("[(100.0, 100.0, 0.9), (150.0, 100.0, 0.9)]", cells.get(0).toString(), "the circle's cells");
            Check.equal("[(199.0, 100.0, 0.9), (260.0, 100.0, 0.9)]", cells.get(1).toString(), "the rectangle's, less the circle's");
        }
    }

    public static void testADownsampledReadPlacesCellsWhereTheyAre() throws Exception {
        BufferedImage image = new BufferedImage(1200, 900, BufferedImage.TYPE_BYTE_GRAY);
        int[][] markers = {{101, 202}, {640, 480}, {1199, 899}};
        for (int[] marker : markers) {
            // 3 x 3 blobs survive bilinear downsampling by 3 as one brightest pixel.
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int x = Math.min(1199, marker[0] + dx);
                    int y = Math.min(899, marker[1] + dy);
                    image.getRaster().setSample(x, y, 0, 255);
                }
            }
        }
        try (FakeDetectionService service = new FakeDetectionService(FakeDetectionService.freshSocket(), 0.75);
             CellDetectClient client = CellDetectClient.connect(service.path(), "test")) {
            DetectionParameters settings = new DetectionParameters(ManifestChecks.manifest().command("detect-cells")).set("model", "he-nuclei");
            ImageDetection detection = new ImageDetection(client, settings, 1200, 900, 0.25, false);
            Check.equal(3.0, detection.downsample(), "0.75 / 0.25");
            List<Point> cells = detection.detectInAreas(List.of(new ShapeArea(image, new Rectangle2D.Double(0, 0, 1200, 900)))).get(0);
            for (int[] marker : markers) {
                boolean near = false;
                for (Point cell : cells) {
                    near |= Math.abs(cell.x - marker[0]) <= 3 && Math.abs(cell.y - marker[1]) <= 3;
                }
                Check.isTrue(near, "a cell within one sent pixel of (" + marker[0] + ", " + marker[1] + "): " + cells);
            }
        }
    }

    // Against the real service

    public static void testTheWholeImageGivesWhatOneRequestGives() throws Exception {
        BufferedImage image = ImageIO.read(RealService.sample("he-colon-crchisto-img14.tif"));
        try (CellDetectClient client = RealService.connect("qupath tests")) {
            List<Point> direct = BufferedImagePixels.of(image, 3).detect(client, new DetectOptions().model("he-nuclei"), null).points();
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(ManifestChecks.manifest().command("detect-cells")), 500, 500, null, false);
            Check.equal("he-nuclei", detection.model().name, "auto picks the brightfield model for a brightfield RGB image");
            List<Point> whole = detection.detectInAreas(List.of(new ShapeArea(image, new Rectangle2D.Double(0, 0, 500, 500)))).get(0);
            Check.equal(direct.size(), whole.size(), "one tile over the whole image is one request");
            for (Point cell : direct) {
                Check.isTrue(whole.stream().anyMatch(found -> Math.hypot(found.x - cell.x, found.y - cell.y) < 1e-9 && found.score == cell.score),
                        cell + " is found in the same place");
            }
        }
    }

    public static void testAnAnnotationGetsTheCellsInsideIt() throws Exception {
        BufferedImage image = ImageIO.read(RealService.sample("he-colon-crchisto-img14.tif"));
        Ellipse2D circle = new Ellipse2D.Double(100, 120, 260, 220);
        try (CellDetectClient client = RealService.connect("qupath tests")) {
            List<Point> direct = BufferedImagePixels.of(image, 3).detect(client, new DetectOptions().model("he-nuclei"), null).points();
            ImageDetection detection = new ImageDetection(client, new DetectionParameters(ManifestChecks.manifest().command("detect-cells")), 500, 500, null, false);
            List<Point> inside = detection.detectInAreas(List.of(new ShapeArea(image, circle))).get(0);
            List<Point> expected = new ArrayList<>();
            for (Point cell : direct) {
                if (circle.contains(cell.x + 0.5, cell.y + 0.5)) {
                    expected.add(cell);
                }
            }
            int matched = 0;
            for (Point cell : expected) {
                for (Point found : inside) {
                    if (Math.hypot(found.x - cell.x, found.y - cell.y) <= 1.5) {
                        matched++;
                        break;
                    }
                }
            }
            for (Point cell : inside) {
                Check.isTrue(circle.contains(cell.x + 0.5, cell.y + 0.5), cell + " is inside the annotation");
            }
            // The annotation's tile (its bounds and 48 pixels around) is normalised on its own: borderline cells may differ.
            Check.isTrue(matched >= 0.95 * expected.size() && Math.abs(inside.size() - expected.size()) <= 0.05 * expected.size(),
                    matched + " of " + expected.size() + " cells inside found; " + inside.size() + " in all");
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            text.append(String.format("%02x", bytes[i] & 0xff)).append(i % 3 == 2 && i < bytes.length - 1 ? " " : "");
        }
        return text.toString();
    }
}
