/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * modules/javafx.base/src/main/java/javafx/event/EventHandler.java
 * at openjdk/jfx tag 20-ga (JavaFX 20, the version QuPath v0.5.1 builds with): only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package javafx.event;

import java.util.EventListener;

@FunctionalInterface
public interface EventHandler<T extends Event> extends EventListener {
    void handle(T event);
}
