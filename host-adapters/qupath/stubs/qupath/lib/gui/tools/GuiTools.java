/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-gui-fx/src/main/java/qupath/lib/gui/tools/GuiTools.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.gui.tools;

import qupath.lib.plugins.parameters.ParameterList;

public class GuiTools {
    private GuiTools() {
    }

    public static boolean showParameterDialog(String title, ParameterList params) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
