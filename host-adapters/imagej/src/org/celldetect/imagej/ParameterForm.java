package org.celldetect.imagej;

import ij.Prefs;
import ij.gui.GenericDialog;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginParameter;

import java.io.IOException;
import java.util.List;

/**
 * The Detect Cells dialog, built from plugin.json's parameters of the command: a choice for a
 * parameter with choicesFrom (the models), a checkbox for a boolean, a text field with its range
 * for numbers (they may be "auto"). It is a GenericDialog, so macros record and replay it; keys are
 * the labels, lower-cased, spaces as underscores ({@link DialogFields}). Interactive runs start
 * from the values used last time; macros from plugin.json's defaults.
 */
final class ParameterForm {
    private static final String REMEMBERED_PREFIX = "celldetect.detect.";

    private ParameterForm() {
    }

    /**
     * Asks for the values; null when the user cancelled. Throws IllegalArgumentException naming the
     * field when a value is wrong.
     *
     * @param serviceLine what the dialog says about the service in use
     */
    static DetectionParameters ask(PluginCommand command, CellDetectClient client, String serviceLine) throws IOException {
        DetectionParameters parameters = new DetectionParameters(command);
        if (DialogFields.headless()) {
            for (PluginParameter parameter : command.parameters()) {
                parameters.set(parameter.name(), parameter.type() == PluginParameter.Type.BOOLEAN
                        ? String.valueOf(DialogFields.headlessChecked(parameter.label()))
                        : DialogFields.headlessValue(parameter.label(), parameter.defaultText()));
            }
            return parameters;
        }
        boolean remember = !DialogFields.runByMacro();
        GenericDialog dialog = new GenericDialog(DetectCells.TITLE);
        dialog.addMessage(command.description());
        for (PluginParameter parameter : command.parameters()) {
            String label = DialogFields.label(parameter.label());
            String initial = remember ? Prefs.get(REMEMBERED_PREFIX + parameter.name(), parameter.defaultText()) : parameter.defaultText();
            if (parameter.hasChoices()) {
                List<String> choices = parameter.choices(client);
                dialog.addChoice(label, choices.toArray(new String[0]), choices.contains(initial) ? initial : parameter.defaultText());
            } else if (parameter.type() == PluginParameter.Type.BOOLEAN) {
                dialog.addCheckbox(label, Boolean.parseBoolean(initial));
            } else {
                dialog.addStringField(label, initial, 8);
                dialog.addToSameRow();
                dialog.addMessage(hint(parameter));
            }
        }
        dialog.addMessage(serviceLine);
        dialog.addHelp(help(command));
        dialog.showDialog();
        if (dialog.wasCanceled()) {
            return null;
        }
        for (PluginParameter parameter : command.parameters()) {
            String text;
            if (parameter.hasChoices()) {
                text = dialog.getNextChoice();
            } else if (parameter.type() == PluginParameter.Type.BOOLEAN) {
                text = String.valueOf(dialog.getNextBoolean());
            } else {
                text = dialog.getNextString();
            }
            parameters.set(parameter.name(), text);
        }
        if (remember) {
            for (PluginParameter parameter : command.parameters()) {
                Prefs.set(REMEMBERED_PREFIX + parameter.name(), parameters.text(parameter.name()));
            }
        }
        return parameters;
    }

    /** Beside a text field: its range, and that "auto" is allowed. */
    private static String hint(PluginParameter parameter) {
        String range = parameter.range();
        if (!parameter.allowsAuto()) {
            return range;
        }
        return range.isEmpty() ? "or auto" : range + ", or auto";
    }

    /** The Help button's page: each parameter's help, what auto does, and the macro call. */
    private static String help(PluginCommand command) {
        StringBuilder html = new StringBuilder("<html><h2>").append(escape(command.title())).append("</h2><p>")
                .append(escape(command.description())).append("</p><dl>");
        StringBuilder macro = new StringBuilder("run(\"").append(DetectCells.COMMAND).append("\", \"");
        for (PluginParameter parameter : command.parameters()) {
            html.append("<dt><b>").append(escape(parameter.label())).append("</b>");
            if (!parameter.range().isEmpty()) {
                html.append(" (").append(escape(parameter.range())).append(")");
            }
            html.append("</dt><dd>").append(escape(parameter.help()));
            if (parameter.allowsAuto()) {
                html.append(" <i>auto</i>: ").append(escape(parameter.whenAuto())).append(".");
            }
            html.append("</dd>");
            if (parameter.type() != PluginParameter.Type.BOOLEAN) {
                macro.append(DialogFields.macroKey(parameter.label())).append('=').append(parameter.defaultText()).append(' ');
            } else if (Boolean.parseBoolean(parameter.defaultText())) {
                // A ticked checkbox is its key alone; an unticked one is left out.
                macro.append(DialogFields.macroKey(parameter.label())).append(' ');
            }
        }
        macro.setLength(macro.length() - 1);
        macro.append("\");");
        return html.append("</dl><p>Macro:<br><code>").append(escape(macro.toString())).append("</code></p></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
