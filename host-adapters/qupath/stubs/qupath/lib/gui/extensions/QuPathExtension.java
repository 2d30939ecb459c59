/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-gui-fx/src/main/java/qupath/lib/gui/extensions/QuPathExtension.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.gui.extensions;

import qupath.lib.common.Version;
import qupath.lib.gui.QuPathGUI;

public interface QuPathExtension {
    public void installExtension(QuPathGUI qupath);

    public String getName();

    public String getDescription();

    public default Version getQuPathVersion() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
