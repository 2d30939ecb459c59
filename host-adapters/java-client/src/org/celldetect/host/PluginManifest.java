package org.celldetect.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.celldetect.client.Json;

/**
 * manifests/plugin.json, the plugin described once for every host: the commands adapters offer and
 * the parameters their dialogs are built from. Adapters read the copy bundled in their jar
 * ({@link #RESOURCE}) so that menus and dialogs follow the manifest without code changes.
 */
public final class PluginManifest {
    /** Where the build puts manifests/plugin.json on the class path. */
    public static final String RESOURCE = "/org/celldetect/host/plugin.json";
    /** The value that leaves a parameter to the service (plugin.schema.json: "default": "auto"). */
    public static final String AUTO = "auto";

    private final String name;
    private final String version;
    private final String description;
    private final List<Command> commands;

    private PluginManifest(Map<?, ?> json) {
        name = (String) json.get("name");
        version = (String) json.get("version");
        description = (String) json.get("description");
        List<Command> list = new ArrayList<Command>();
        for (Object command : (List<?>) json.get("commands")) {
            list.add(new Command((Map<?, ?>) command));
        }
        commands = Collections.unmodifiableList(list);
    }

    /** The manifest bundled with the adapter. */
    public static PluginManifest bundled() {
        InputStream stream = PluginManifest.class.getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("The adapter was built without " + RESOURCE + " (a copy of manifests/plugin.json).");
        }
        try {
            return read(stream);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static PluginManifest read(InputStream stream) throws IOException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return new PluginManifest((Map<?, ?>) Json.parse(new String(bytes.toByteArray(), StandardCharsets.UTF_8)));
        } finally {
            stream.close();
        }
    }

    /** "CellDetect": the submenu every host lists the commands in. */
    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** One sentence for the host's list of extensions or plugins. */
    public String description() {
        return description;
    }

    public List<Command> commands() {
        return commands;
    }

    public Command command(String id) {
        for (Command command : commands) {
            if (command.id.equals(id)) {
                return command;
            }
        }
        throw new IllegalArgumentException("plugin.json has no command '" + id + "'");
    }

    /** A command: a menu entry calling one protocol method. */
    public static final class Command {
        public final String id;
        public final String title;
        public final String description;
        public final String method;
        public final List<Parameter> parameters;

        Command(Map<?, ?> json) {
            id = (String) json.get("id");
            title = (String) json.get("title");
            description = (String) json.get("description");
            method = (String) json.get("method");
            List<Parameter> list = new ArrayList<Parameter>();
            for (Object parameter : (List<?>) json.get("parameters")) {
                list.add(new Parameter((Map<?, ?>) parameter));
            }
            parameters = Collections.unmodifiableList(list);
        }

        public Parameter parameter(String name) {
            for (Parameter parameter : parameters) {
                if (parameter.name.equals(name)) {
                    return parameter;
                }
            }
            throw new IllegalArgumentException("The command '" + id + "' has no parameter '" + name + "'");
        }
    }

    /** A dialog field filling one member of the method's params. */
    public static final class Parameter {
        public final String name;
        public final String label;
        /** "string", "number", "integer" or "boolean". */
        public final String type;
        /** The initial value: a value of the type, or {@link #AUTO}. */
        public final Object defaultValue;
        /** What the service does when the parameter is left out; null unless the default is auto. */
        public final String whenAuto;
        public final Double minimum;
        public final Double maximum;
        public final Double exclusiveMinimum;
        public final String unit;
        public final String help;
        /** The protocol method whose result lists the offered values (e.g. models.list); null for free input. */
        public final String choicesMethod;
        /** The result's array member holding them, and each element's member that is the value. */
        public final String choicesList;
        public final String choicesValue;

        Parameter(Map<?, ?> json) {
            name = (String) json.get("name");
            label = (String) json.get("label");
            type = (String) json.get("type");
            defaultValue = json.get("default");
            whenAuto = (String) json.get("whenAuto");
            minimum = number(json.get("minimum"));
            maximum = number(json.get("maximum"));
            exclusiveMinimum = number(json.get("exclusiveMinimum"));
            unit = (String) json.get("unit");
            help = (String) json.get("help");
            Map<?, ?> choices = (Map<?, ?>) json.get("choicesFrom");
            choicesMethod = choices == null ? null : (String) choices.get("method");
            choicesList = choices == null ? null : (String) choices.get("list");
            choicesValue = choices == null ? null : (String) choices.get("value");
        }

        /** The default as dialog text: "auto", or the value written out. */
        public String defaultText() {
            return String.valueOf(defaultValue);
        }

        /** The field's label with its unit: "Pixel size (µm)". */
        public String labelWithUnit() {
            return unit == null ? label : label + " (" + unit + ")";
        }

        /** The tooltip: what it does, what auto means, which values it takes. */
        public String helpText() {
            StringBuilder text = new StringBuilder(help);
            if (whenAuto != null) {
                text.append(" Auto: ").append(whenAuto).append('.');
            }
            if (!rangeText().isEmpty()) {
                text.append(" Values ").append(rangeText()).append('.');
            }
            return text.toString();
        }

        /** "from 0 to 1", "over 0", "from 1 to 64": the allowed range in words; empty when any value goes. */
        public String rangeText() {
            if (minimum != null && maximum != null) {
                return "from " + plain(minimum) + " to " + plain(maximum);
            }
            if (exclusiveMinimum != null) {
                return maximum == null ? "over " + plain(exclusiveMinimum) : "over " + plain(exclusiveMinimum) + " and at most " + plain(maximum);
            }
            if (minimum != null) {
                return "at least " + plain(minimum);
            }
            return maximum == null ? "" : "at most " + plain(maximum);
        }

        private static Double number(Object value) {
            return value == null ? null : ((Number) value).doubleValue();
        }

        private static String plain(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
    }
}
