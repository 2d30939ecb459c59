package org.celldetect.imagej;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.celldetect.client.CellDetectProgram;

import java.io.File;

/**
 * Plugins &gt; Cell Detection &gt; CellDetect Settings...: the celldetect program that starts the
 * service when none is running, and the pipe the service listens on. Kept in ImageJ's preferences
 * (IJ_Prefs.txt), so they are set once. Detect Cells shows this dialog too when it cannot start the
 * service. Macro: {@code run("CellDetect Settings...", "program=/opt/celldetect/celldetect pipe=celldetect")}.
 */
public final class CellDetectSettings implements PlugIn {
    static final String TITLE = "CellDetect Settings";
    static final String PROGRAM_PREF = "celldetect.program";
    static final String PIPE_PREF = "celldetect.pipe";
    private static final String PROGRAM_LABEL = "Program";
    private static final String PIPE_LABEL = "Pipe";

    @Override
    public void run(String arg) {
        ask(null);
    }

    /** The program path the user set; empty when none (then CELLDETECT_HOME or the PATH decide). */
    static String configuredProgram() {
        return Prefs.get(PROGRAM_PREF, "");
    }

    /** The pipe name or socket path the service is reached at. */
    static String pipe() {
        return Prefs.get(PIPE_PREF, DetectCells.manifest().defaultPipe());
    }

    /**
     * Shows the settings (headless: takes them from the macro options) and keeps them.
     *
     * @param problem why the settings are asked for, shown above them; null when the user asked
     * @return false when the user cancelled
     */
    static boolean ask(String problem) {
        String program = configuredProgram();
        String pipe = pipe();
        if (DialogFields.headless()) {
            program = DialogFields.headlessValue(PROGRAM_LABEL, program);
            pipe = DialogFields.headlessValue(PIPE_LABEL, pipe);
        } else {
            File fallback = CellDetectProgram.find(null);
            GenericDialog dialog = new GenericDialog(TITLE);
            if (problem != null) {
                dialog.addMessage(problem);
            }
            dialog.addFileField(DialogFields.label(PROGRAM_LABEL), program, 40);
            dialog.addMessage("The celldetect program starts the service when none is running.\n"
                    + "Left empty: " + CellDetectProgram.fallbacks() + " (" + (fallback == null ? "none found" : fallback.getPath()) + ").");
            dialog.addStringField(DialogFields.label(PIPE_LABEL), pipe, 40);
            dialog.addMessage("A pipe name, or the absolute path of a Unix socket: celldetect serve --pipe PIPE.");
            dialog.showDialog();
            if (dialog.wasCanceled()) {
                return false;
            }
            program = dialog.getNextString();
            pipe = dialog.getNextString();
        }
        Prefs.set(PROGRAM_PREF, program.trim());
        Prefs.set(PIPE_PREF, pipe.trim().isEmpty() ? DetectCells.manifest().defaultPipe() : pipe.trim());
        return true;
    }
}
