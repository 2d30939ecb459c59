/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/images/ImageData.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class also implements listener interfaces).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.images;

import qupath.lib.images.servers.ImageServer;
import qupath.lib.objects.hierarchy.PathObjectHierarchy;

public class ImageData<T> {
    private ImageData() {
    }

    public ImageServer<T> getServer() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public PathObjectHierarchy getHierarchy() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public boolean isFluorescence() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
