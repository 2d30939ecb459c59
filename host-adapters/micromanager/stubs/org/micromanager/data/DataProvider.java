/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * mmstudio/src/main/java/org/micromanager/data/DataProvider.java
 * at micro-manager/micro-manager tag v2.0.0 (Micro-Manager 2.0.0, mmstudio): only the members the plugins use, with their exact signatures (the real interface extends Closeable).
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.micromanager.data;

import java.io.IOException;

public interface DataProvider {
   Image getImage(Coords coords) throws IOException;
}
