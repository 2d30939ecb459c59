/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * modules/javafx.controls/src/main/java/javafx/scene/control/Menu.java
 * at openjdk/jfx tag 20-ga (JavaFX 20, the version QuPath v0.5.1 builds with): only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package javafx.scene.control;

import javafx.collections.ObservableList;

public class Menu extends MenuItem {
    private Menu() {
        super(null);
    }

    public final ObservableList<MenuItem> getItems() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
