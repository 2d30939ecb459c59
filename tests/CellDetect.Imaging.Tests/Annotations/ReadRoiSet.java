// Prints every ROI of an ImageJ RoiSet.zip as ImageJ itself decodes it (ij.io.RoiDecoder), for ImageJRoiSetTests:
//   java -Djava.awt.headless=true -cp /usr/share/java/ij.jar ReadRoiSet.java RoiSet.zip
// Output: "ROI <name> type=<type> n=<count>" then one "<x> <y>" line per point (float polygon), then "OK".
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.process.FloatPolygon;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public class ReadRoiSet {
    public static void main(String[] args) throws Exception {
        try (ZipFile zip = new ZipFile(args[0])) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                Roi roi = new RoiDecoder(bytes, entry.getName()).getRoi();
                if (roi == null) {
                    System.out.println("FAILED " + entry.getName());
                    System.exit(1);
                }
                FloatPolygon p = roi.getFloatPolygon();
                System.out.println("ROI " + roi.getName() + " type=" + roi.getType() + " n=" + p.npoints
                    + " point=" + (roi instanceof PointRoi) + " subpixel=" + roi.subPixelResolution());
                for (int i = 0; i < p.npoints; i++) {
                    System.out.println(p.xpoints[i] + " " + p.ypoints[i]);
                }
            }
        }
        System.out.println("OK");
    }
}
