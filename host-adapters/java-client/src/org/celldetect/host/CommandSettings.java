package org.celldetect.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.Payload;
import org.celldetect.host.PluginManifest.Command;
import org.celldetect.host.PluginManifest.Parameter;

/**
 * What a user chose in a command's dialog, one text per plugin.json parameter: "auto" (the service
 * decides) or a value, checked against the parameter's type and range. Hosts keep these texts in
 * their own settings stores and turn them into a request with {@link #toOptions()}.
 */
public final class CommandSettings {
    private final Command command;
    private final Map<String, String> texts = new LinkedHashMap<String, String>();

    /** Every parameter at its default. */
    public CommandSettings(Command command) {
        this.command = command;
        for (Parameter parameter : command.parameters) {
            texts.put(parameter.name, parameter.defaultText());
        }
    }

    /**
     * Settings saved earlier: values of parameters the command no longer has are dropped, and saved
     * values that are no longer valid (a changed range) fall back to the default.
     */
    public static CommandSettings restore(Command command, Map<String, String> saved) {
        CommandSettings settings = new CommandSettings(command);
        for (Parameter parameter : command.parameters) {
            String text = saved.get(parameter.name);
            if (text != null) {
                try {
                    settings.set(parameter.name, text);
                } catch (IllegalArgumentException stale) {
                    // keep the default
                }
            }
        }
        return settings;
    }

    public Command command() {
        return command;
    }

    /** The parameter's text: "auto" or its value. */
    public String text(String name) {
        command.parameter(name);
        return texts.get(name);
    }

    /** Parameter name to text, in plugin.json's order, for saving. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(texts);
    }

    /**
     * Sets a parameter from what the user typed; blank means auto. Throws IllegalArgumentException
     * naming the field and what it takes, e.g. "Threshold: expected auto or a number from 0 to 1, got 'abc'".
     */
    public CommandSettings set(String name, String text) {
        Parameter parameter = command.parameter(name);
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase(PluginManifest.AUTO)) {
            trimmed = PluginManifest.AUTO;
        } else {
            value(parameter, trimmed);
        }
        texts.put(name, trimmed);
        return this;
    }

    public boolean isAuto(String name) {
        return PluginManifest.AUTO.equals(text(name));
    }

    /** A number parameter's value; null when auto. */
    public Double number(String name) {
        return isAuto(name) ? null : ((Number) value(command.parameter(name), text(name))).doubleValue();
    }

    /** A string parameter's value; null when auto. */
    public String string(String name) {
        return isAuto(name) ? null : text(name);
    }

    /**
     * What a choice field offers (plugin.json's choicesFrom, e.g. the names models.list lists): auto,
     * the listed values, and the current value when it is neither (a .cdmodel path typed earlier).
     */
    public List<String> choices(CellDetectClient client, String name) throws IOException {
        Parameter parameter = command.parameter(name);
        List<String> choices = new ArrayList<String>();
        choices.add(PluginManifest.AUTO);
        for (Object item : (List<?>) client.call(parameter.choicesMethod, null, Payload.NONE, null).result().get(parameter.choicesList)) {
            choices.add(String.valueOf(((Map<?, ?>) item).get(parameter.choicesValue)));
        }
        if (!choices.contains(text(name))) {
            choices.add(text(name));
        }
        return choices;
    }

    /** The request's parameters: every one not left on auto. */
    public DetectOptions toOptions() {
        DetectOptions options = new DetectOptions();
        for (Parameter parameter : command.parameters) {
            if (!isAuto(parameter.name)) {
                options.parameter(parameter.name, value(parameter, text(parameter.name)));
            }
        }
        return options;
    }

    /** The typed value of a text that is not auto; IllegalArgumentException when it does not fit the parameter. */
    private static Object value(Parameter parameter, String text) {
        if ("string".equals(parameter.type)) {
            return text;
        }
        if ("boolean".equals(parameter.type)) {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw invalid(parameter, "true or false", text);
        }
        boolean whole = "integer".equals(parameter.type);
        String expected = (whole ? "a whole number" : "a number") + (parameter.rangeText().isEmpty() ? "" : " " + parameter.rangeText());
        double number;
        try {
            number = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(parameter, expected, text);
        }
        if (Double.isNaN(number) || Double.isInfinite(number) || (whole && number != Math.rint(number))
                || (parameter.minimum != null && number < parameter.minimum)
                || (parameter.maximum != null && number > parameter.maximum)
                || (parameter.exclusiveMinimum != null && number <= parameter.exclusiveMinimum)
                || (whole && Math.abs(number) > Integer.MAX_VALUE)) {
            throw invalid(parameter, expected, text);
        }
        return whole ? (Object) (int) number : (Object) number;
    }

    private static IllegalArgumentException invalid(Parameter parameter, String expected, String text) {
        return new IllegalArgumentException(parameter.label + ": expected " + PluginManifest.AUTO + " or " + expected + ", got '" + text + "'");
    }
}
