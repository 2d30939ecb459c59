/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/regions/ImagePlane.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.regions;

public class ImagePlane implements Comparable<ImagePlane> {
    private ImagePlane() {
    }

    @Override
    public int compareTo(ImagePlane o) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
