/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/common/Version.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.common;

public class Version implements Comparable<Version> {
    private Version() {
    }

    public static Version parse(String versionString) throws IllegalArgumentException {
        throw new UnsupportedOperationException("compile-time stub");
    }

    @Override
    public int compareTo(Version o) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
