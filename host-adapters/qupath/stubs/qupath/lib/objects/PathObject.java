/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/objects/PathObject.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class implements Externalizable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.objects;

import qupath.lib.measurements.MeasurementList;
import qupath.lib.roi.interfaces.ROI;

public abstract class PathObject {
    public synchronized MeasurementList getMeasurementList() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public boolean isAnnotation() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public abstract ROI getROI();
}
