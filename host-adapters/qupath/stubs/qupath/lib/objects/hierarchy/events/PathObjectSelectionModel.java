/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/objects/hierarchy/events/PathObjectSelectionModel.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.objects.hierarchy.events;

import java.util.Set;

import qupath.lib.objects.PathObject;

public class PathObjectSelectionModel {
    private PathObjectSelectionModel() {
    }

    public synchronized Set<PathObject> getSelectedObjects() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
