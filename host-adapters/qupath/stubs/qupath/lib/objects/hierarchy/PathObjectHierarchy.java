/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/objects/hierarchy/PathObjectHierarchy.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class implements Serializable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.objects.hierarchy;

import java.util.Collection;

import qupath.lib.objects.PathObject;
import qupath.lib.objects.hierarchy.events.PathObjectSelectionModel;

public final class PathObjectHierarchy {
    private PathObjectHierarchy() {
    }

    public PathObjectSelectionModel getSelectionModel() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public synchronized boolean addObjects(Collection<? extends PathObject> pathObjects) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
