/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/images/servers/PixelCalibration.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.images.servers;

public class PixelCalibration {
    private PixelCalibration() {
    }

    public boolean hasPixelSizeMicrons() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public double getAveragedPixelSizeMicrons() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
