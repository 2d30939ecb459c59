/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-gui-fx/src/main/java/qupath/lib/gui/viewer/QuPathViewer.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class also implements listener interfaces).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.gui.viewer;

import qupath.lib.regions.ImagePlane;

public class QuPathViewer {
    private QuPathViewer() {
    }

    public ImagePlane getImagePlane() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
