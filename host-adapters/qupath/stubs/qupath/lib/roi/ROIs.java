/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/roi/ROIs.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.roi;

import qupath.lib.regions.ImagePlane;
import qupath.lib.roi.interfaces.ROI;

public class ROIs {
    private ROIs() {
    }

    public static ROI createPointsROI(double x, double y, ImagePlane plane) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
