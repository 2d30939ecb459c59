package org.celldetect.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parameter of a plugin.json command: how a dialog shows it (label, unit, help, choices) and how
 * the text a user or a macro typed becomes the value sent (type, range, "auto").
 */
public final class PluginParameter {
    /** The default that leaves the parameter out of the request, so the service decides. */
    public static final String AUTO = "auto";

    /** The parameter's JSON type. */
    public enum Type {
        STRING, NUMBER, INTEGER, BOOLEAN
    }

    private final Map<?, ?> raw;

    PluginParameter(Map<?, ?> raw) {
        this.raw = raw;
    }

    /** The member of the method's params this parameter fills, e.g. "pixelSizeMicrons". */
    public String name() {
        return (String) raw.get("name");
    }

    /** Dialog label, e.g. "Pixel size". */
    public String label() {
        return (String) raw.get("label");
    }

    public Type type() {
        return Type.valueOf(((String) raw.get("type")).toUpperCase(Locale.ROOT));
    }

    /** What the parameter does, for tooltips and help. */
    public String help() {
        return (String) raw.get("help");
    }

    /** E.g. "px" or "µm"; null when the value has none. */
    public String unit() {
        return (String) raw.get("unit");
    }

    /** True when the default is "auto": the text "auto" then leaves the parameter to the service. */
    public boolean allowsAuto() {
        return AUTO.equals(raw.get("default"));
    }

    /** What the service does for "auto"; null when the parameter has no auto. */
    public String whenAuto() {
        return (String) raw.get("whenAuto");
    }

    /** The dialog's initial text: "auto" or the default value. */
    public String defaultText() {
        return format(raw.get("default"));
    }

    /** The allowed values in words, e.g. "0 to 1", "1 to 64 px", "over 0 µm"; empty when any value goes. */
    public String range() {
        Object minimum = raw.get("minimum");
        Object maximum = raw.get("maximum");
        Object exclusiveMinimum = raw.get("exclusiveMinimum");
        String range;
        if (minimum != null && maximum != null) {
            range = format(minimum) + " to " + format(maximum);
        } else if (exclusiveMinimum != null) {
            range = "over " + format(exclusiveMinimum) + (maximum != null ? " up to " + format(maximum) : "");
        } else if (minimum != null) {
            range = format(minimum) + " or more";
        } else if (maximum != null) {
            range = "up to " + format(maximum);
        } else {
            return "";
        }
        return unit() == null ? range : range + " " + unit();
    }

    /**
     * The value for the request: null for "auto", else a String, Double, Integer or Boolean by the
     * parameter's type. Throws IllegalArgumentException naming the label, the range and what was typed.
     */
    public Object parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (allowsAuto() && (trimmed.isEmpty() || trimmed.equalsIgnoreCase(AUTO))) {
            return null;
        }
        switch (type()) {
            case STRING:
                if (trimmed.isEmpty()) {
                    throw invalid(text);
                }
                return trimmed;
            case BOOLEAN:
                if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(trimmed);
                }
                throw invalid(text);
            case INTEGER:
                try {
                    int whole = Integer.parseInt(trimmed);
                    checkRange(whole, text);
                    return whole;
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
            default:
                try {
                    double number = Double.parseDouble(trimmed);
                    if (Double.isNaN(number) || Double.isInfinite(number)) {
                        throw invalid(text);
                    }
                    checkRange(number, text);
                    return number;
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
        }
    }

    /** True when plugin.json says where the dialog gets the values it offers (e.g. models.list). */
    public boolean hasChoices() {
        return raw.get("choicesFrom") != null;
    }

    /**
     * The values to offer, asked from the service as plugin.json's choicesFrom says: "auto" first when
     * the parameter allows it, then each element's value member (e.g. every model's name).
     */
    public List<String> choices(CellDetectClient client) throws IOException {
        Map<?, ?> from = (Map<?, ?>) raw.get("choicesFrom");
        List<String> choices = new ArrayList<String>();
        if (allowsAuto()) {
            choices.add(AUTO);
        }
        Map<String, Object> result = client.call((String) from.get("method"), null, Payload.NONE, null).result();
        for (Object element : (List<?>) result.get((String) from.get("list"))) {
            choices.add(String.valueOf(((Map<?, ?>) element).get(from.get("value"))));
        }
        return choices;
    }

    private void checkRange(double value, String text) {
        if (below(value, "minimum", false) || below(value, "exclusiveMinimum", true) || above(value, "maximum")) {
            throw invalid(text);
        }
    }

    private boolean below(double value, String bound, boolean exclusive) {
        Object limit = raw.get(bound);
        return limit != null && (exclusive ? value <= ((Number) limit).doubleValue() : value < ((Number) limit).doubleValue());
    }

    private boolean above(double value, String bound) {
        Object limit = raw.get(bound);
        return limit != null && value > ((Number) limit).doubleValue();
    }

    private IllegalArgumentException invalid(String text) {
        String expected;
        switch (type()) {
            case INTEGER:
                expected = "a whole number";
                break;
            case NUMBER:
                expected = "a number";
                break;
            case BOOLEAN:
                expected = "true or false";
                break;
            default:
                expected = "a value";
        }
        String range = range();
        return new IllegalArgumentException(label() + ": expected " + expected + (range.isEmpty() ? "" : " (" + range + ")")
                + (allowsAuto() ? ", or auto" : "") + "; got '" + text + "'");
    }

    /** Numbers as written in plugin.json: 64 stays "64", 0.5 stays "0.5". */
    private static String format(Object value) {
        if (value instanceof Double && (Double) value == Math.rint((Double) value) && Math.abs((Double) value) < 1e15) {
            return String.valueOf(((Double) value).longValue());
        }
        return String.valueOf(value);
    }
}
