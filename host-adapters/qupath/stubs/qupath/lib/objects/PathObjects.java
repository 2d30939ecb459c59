/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/objects/PathObjects.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.objects;

import qupath.lib.objects.classes.PathClass;
import qupath.lib.roi.interfaces.ROI;

public class PathObjects {
    private PathObjects() {
    }

    public static PathObject createDetectionObject(final ROI roi, final PathClass pathClass) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
