/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/objects/classes/PathClass.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class implements Comparable and Serializable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.objects.classes;

public final class PathClass {
    private PathClass() {
    }

    public static PathClass fromString(String string) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
