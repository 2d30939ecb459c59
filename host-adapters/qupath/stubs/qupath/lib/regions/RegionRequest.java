/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/regions/RegionRequest.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class extends ImageRegion).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.regions;

public class RegionRequest {
    private RegionRequest() {
    }

    public static RegionRequest createInstance(String path, double downsample, int x, int y, int width, int height, ImagePlane plane) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
