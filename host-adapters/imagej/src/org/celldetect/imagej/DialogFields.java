package org.celldetect.imagej;

import ij.Macro;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

/**
 * How a label becomes a GenericDialog field and its macro key. GenericDialog keys a field by its
 * label's first word, lower-cased, and shows underscores as spaces; so a label "Pixel size" is
 * passed as "Pixel_size": the dialog still reads "Pixel size" and the key is "pixel_size".
 *
 * <p>Headless ImageJ cannot build a GenericDialog (java.awt.Dialog throws HeadlessException), so
 * commands run there take their values from the macro options alone, under the same keys.
 */
final class DialogFields {
    private DialogFields() {
    }

    /** The label to give GenericDialog. */
    static String label(String label) {
        return label.trim().replace(' ', '_');
    }

    /** The key macros use, e.g. "pixel_size" for "Pixel size". */
    static String macroKey(String label) {
        return label(label).toLowerCase(Locale.US);
    }

    /** True when no GenericDialog can be shown: values come from {@link #headlessValue}. */
    static boolean headless() {
        return GraphicsEnvironment.isHeadless();
    }

    /** The value a macro gave for the field, or {@code otherwise} when it gave none. */
    static String headlessValue(String label, String otherwise) {
        String options = Macro.getOptions();
        return options == null ? otherwise : Macro.getValue(options, macroKey(label), otherwise);
    }

    /** A checkbox's value from the macro: its key alone means ticked, as GenericDialog records and reads it. */
    static boolean headlessChecked(String label) {
        String options = Macro.getOptions();
        return options != null && (" " + options + " ").contains(" " + macroKey(label) + " ");
    }

    /** True when a macro runs the command: its options, not remembered values, fill what it leaves out. */
    static boolean runByMacro() {
        return Macro.getOptions() != null;
    }
}
