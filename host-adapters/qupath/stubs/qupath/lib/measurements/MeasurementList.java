/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/measurements/MeasurementList.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real interface also extends Serializable and AutoCloseable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.measurements;

public interface MeasurementList {
    public void put(String name, double value);
}
