/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * modules/javafx.controls/src/main/java/javafx/scene/control/MenuItem.java
 * at openjdk/jfx tag 20-ga (JavaFX 20, the version QuPath v0.5.1 builds with): only the members the extension uses, with their exact signatures (the real class implements EventTarget and Styleable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package javafx.scene.control;

import javafx.event.ActionEvent;
import javafx.event.EventHandler;

public class MenuItem {
    public MenuItem(String text) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public final void setOnAction(EventHandler<ActionEvent> value) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
