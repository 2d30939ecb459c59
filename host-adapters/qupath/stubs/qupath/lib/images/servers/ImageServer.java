/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/images/servers/ImageServer.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.images.servers;

import java.io.IOException;

import qupath.lib.regions.RegionRequest;

public interface ImageServer<T> extends AutoCloseable {
    public String getPath();

    public int getWidth();

    public int getHeight();

    public boolean isRGB();

    public default PixelCalibration getPixelCalibration() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public default T readRegion(RegionRequest request) throws IOException {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
