/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * src/main/java/qupath/fx/utils/FXUtils.java
 * at qupath/qupath-fxtras tag v0.1.4 (the version QuPath v0.5.1 uses, gradle/libs.versions.toml): only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.fx.utils;

import java.util.concurrent.Callable;

public class FXUtils {
    private FXUtils() {
    }

    public static <T> T callOnApplicationThread(final Callable<T> callable) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
