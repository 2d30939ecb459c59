/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * src/main/java/qupath/fx/dialogs/Dialogs.java
 * at qupath/qupath-fxtras tag v0.1.4 (the version QuPath v0.5.1 uses, gradle/libs.versions.toml): only the members the extension uses, with their exact signatures.
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.fx.dialogs;

public class Dialogs {
    private Dialogs() {
    }

    public static String showInputDialog(final String title, final String message, final String initialInput) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public static void showInfoNotification(final String title, final String message) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public static void showErrorMessage(final String title, String message) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
