package org.celldetect.host;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginManifest;
import org.celldetect.client.PluginParameter;

/**
 * plugin.json as the QuPath and Micro-Manager adapters use it: bundled next to one of their classes
 * (their build copies manifests/plugin.json there, as the ImageJ plugin's does), its parameters'
 * dialog texts, and dialog values saved in a host's settings store as text.
 */
public final class AdapterManifest {
    /** The bundled file's name, next to the anchor class. */
    public static final String FILE_NAME = "plugin.json";

    private AdapterManifest() {
    }

    /** plugin.json bundled in the anchor class's package. */
    public static PluginManifest bundledWith(Class<?> anchor) {
        InputStream stream = anchor.getResourceAsStream(FILE_NAME);
        if (stream == null) {
            throw new IllegalStateException(FILE_NAME + " is missing next to " + anchor.getName() + " in the CellDetect jar; rebuild it");
        }
        try {
            return PluginManifest.read(stream);
        } catch (IOException e) {
            throw new IllegalStateException(FILE_NAME + " in the CellDetect jar cannot be read: " + e.getMessage(), e);
        }
    }

    /** The field's label with its unit: "Pixel size (µm)". */
    public static String label(PluginParameter parameter) {
        return parameter.unit() == null ? parameter.label() : parameter.label() + " (" + parameter.unit() + ")";
    }

    /** The tooltip: what the parameter does, what auto means, which values it takes. */
    public static String tooltip(PluginParameter parameter) {
        StringBuilder text = new StringBuilder(parameter.help());
        if (parameter.whenAuto() != null) {
            text.append(" Auto: ").append(parameter.whenAuto()).append('.');
        }
        if (!parameter.range().isEmpty()) {
            text.append(" Values: ").append(parameter.range()).append('.');
        }
        return text.toString();
    }

    /** Every parameter's text ("auto" or the value), in plugin.json's order, for a host's settings store. */
    public static Map<String, String> texts(DetectionParameters parameters) {
        Map<String, String> texts = new LinkedHashMap<String, String>();
        for (PluginParameter parameter : parameters.command().parameters()) {
            texts.put(parameter.name(), parameters.text(parameter.name()));
        }
        return texts;
    }

    /**
     * Values saved earlier: those of parameters the command no longer has are dropped, and those no
     * longer valid (a changed range) fall back to plugin.json's default.
     */
    public static DetectionParameters restore(PluginCommand command, Map<String, String> saved) {
        DetectionParameters parameters = new DetectionParameters(command);
        for (PluginParameter parameter : command.parameters()) {
            String text = saved.get(parameter.name());
            if (text != null) {
                try {
                    parameters.set(parameter.name(), text);
                } catch (IllegalArgumentException stale) {
                    // keep the default
                }
            }
        }
        return parameters;
    }
}
