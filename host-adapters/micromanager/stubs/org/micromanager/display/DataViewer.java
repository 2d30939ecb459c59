/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * mmstudio/src/main/java/org/micromanager/display/DataViewer.java
 * at micro-manager/micro-manager tag v2.0.0 (Micro-Manager 2.0.0, mmstudio): only the members the plugins use, with their exact signatures (the real interface extends EventPublisher).
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.micromanager.display;

import org.micromanager.data.Coords;
import org.micromanager.data.DataProvider;

public interface DataViewer {
   DataProvider getDataProvider();

   Coords getDisplayPosition();

   String getName();
}
