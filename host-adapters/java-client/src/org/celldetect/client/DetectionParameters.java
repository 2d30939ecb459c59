package org.celldetect.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a detect command's parameters (plugin.json's "detect-cells"), as a user or a macro
 * typed them, each checked against plugin.json; {@link #toOptions} makes the request's options.
 * Every parameter starts at its plugin.json default; "auto" leaves it to the service.
 */
public final class DetectionParameters {
    /** The parameter that "auto" fills from the image's calibration instead of leaving it out. */
    public static final String PIXEL_SIZE = "pixelSizeMicrons";

    private final PluginCommand command;
    /** Parameter name to value; null for "auto". */
    private final Map<String, Object> values = new LinkedHashMap<String, Object>();

    public DetectionParameters(PluginCommand command) {
        if (!"detect".equals(command.method())) {
            throw new IllegalArgumentException("command '" + command.id() + "' calls " + command.method() + ", not detect");
        }
        this.command = command;
        for (PluginParameter parameter : command.parameters()) {
            set(parameter.name(), parameter.defaultText());
        }
    }

    public PluginCommand command() {
        return command;
    }

    /**
     * Sets a parameter from text: "auto" (when plugin.json allows it) or a value of its type in its
     * range. Throws IllegalArgumentException naming the parameter's label, its range and the text.
     */
    public DetectionParameters set(String name, String text) {
        values.put(name, command.parameter(name).parse(text));
        return this;
    }

    /** The value, typed as plugin.json says (String, Double, Integer, Boolean); null for "auto". */
    public Object value(String name) {
        command.parameter(name);
        return values.get(name);
    }

    /** The value as a dialog shows it: "auto" or the value. */
    public String text(String name) {
        Object value = value(name);
        return value == null ? PluginParameter.AUTO : String.valueOf(value);
    }

    /**
     * The request's options: every parameter that is not "auto"; an "auto" pixel size becomes the
     * image's, when its calibration gives one in micrometres ({@link CalibrationUnits}), so that
     * the service rescales the image to the model's pixel size.
     *
     * @param calibratedPixelSizeMicrons the image's pixel size in µm; null when it is not calibrated
     */
    public DetectOptions toOptions(Double calibratedPixelSizeMicrons) {
        DetectOptions options = new DetectOptions();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object value = entry.getValue();
            if (value == null && PIXEL_SIZE.equals(entry.getKey())) {
                value = calibratedPixelSizeMicrons;
            }
            if (value != null) {
                apply(entry.getKey(), value, options);
            }
        }
        return options;
    }

    private static void apply(String name, Object value, DetectOptions options) {
        switch (name) {
            case "model":
                options.model((String) value);
                break;
            case "threshold":
                options.threshold(((Number) value).doubleValue());
                break;
            case "stride":
                options.stride(((Number) value).intValue());
                break;
            case PIXEL_SIZE:
                options.pixelSizeMicrons(((Number) value).doubleValue());
                break;
            case "cellDiameterPixels":
                options.cellDiameterPixels(((Number) value).doubleValue());
                break;
            case "testTimeAugmentation":
                options.testTimeAugmentation((Boolean) value);
                break;
            default:
                // plugin.json gained a parameter this client does not know: sending nothing would ignore the user's choice.
                throw new IllegalStateException("plugin.json's detect parameter '" + name + "' is not supported by this client; update it");
        }
    }
}
