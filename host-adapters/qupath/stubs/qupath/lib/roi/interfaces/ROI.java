/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/roi/interfaces/ROI.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.roi.interfaces;

import qupath.lib.regions.ImagePlane;

public interface ROI {
    public ImagePlane getImagePlane();

    public abstract double getBoundsX();

    public abstract double getBoundsY();

    public abstract double getBoundsWidth();

    public abstract double getBoundsHeight();

    public boolean isArea();

    public boolean contains(double x, double y);
}
