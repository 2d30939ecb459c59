/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * modules/javafx.base/src/main/java/javafx/event/ActionEvent.java
 * at openjdk/jfx tag 20-ga (JavaFX 20, the version QuPath v0.5.1 builds with): only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package javafx.event;

public class ActionEvent extends Event {
    public ActionEvent() {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
