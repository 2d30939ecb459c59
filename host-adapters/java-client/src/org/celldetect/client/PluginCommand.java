package org.celldetect.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One command of plugin.json: what a menu entry shows and the parameters of its dialog, in order. */
public final class PluginCommand {
    private final Map<?, ?> raw;
    private final List<PluginParameter> parameters;

    PluginCommand(Map<?, ?> raw) {
        this.raw = raw;
        List<PluginParameter> described = new ArrayList<PluginParameter>();
        for (Object parameter : (List<?>) raw.get("parameters")) {
            described.add(new PluginParameter((Map<?, ?>) parameter));
        }
        parameters = Collections.unmodifiableList(described);
    }

    /** Stable identifier, e.g. "detect-cells". */
    public String id() {
        return (String) raw.get("id");
    }

    /** Menu and dialog title, e.g. "Detect cells". */
    public String title() {
        return (String) raw.get("title");
    }

    public String description() {
        return (String) raw.get("description");
    }

    /** The protocol method the command calls, e.g. "detect". */
    public String method() {
        return (String) raw.get("method");
    }

    public List<PluginParameter> parameters() {
        return parameters;
    }

    /** The parameter filling this member of the method's params. */
    public PluginParameter parameter(String name) {
        for (PluginParameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return parameter;
            }
        }
        throw new IllegalArgumentException("command '" + id() + "' has no parameter '" + name + "'");
    }
}
