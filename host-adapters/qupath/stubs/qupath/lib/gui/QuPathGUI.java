/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-gui-fx/src/main/java/qupath/lib/gui/QuPathGUI.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.gui;

import java.awt.image.BufferedImage;

import javafx.scene.control.Menu;
import qupath.lib.gui.viewer.QuPathViewer;
import qupath.lib.images.ImageData;

public class QuPathGUI {
    private QuPathGUI() {
    }

    public Menu getMenu(final String name, final boolean createMenu) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public ImageData<BufferedImage> getImageData() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public QuPathViewer getViewer() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
