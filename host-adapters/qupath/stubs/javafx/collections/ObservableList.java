/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * modules/javafx.base/src/main/java/javafx/collections/ObservableList.java
 * at openjdk/jfx tag 20-ga (JavaFX 20, the version QuPath v0.5.1 builds with): only the members the extension uses, with their exact signatures (the real interface also extends javafx.beans.Observable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package javafx.collections;

import java.util.List;

public interface ObservableList<E> extends List<E> {
}
