package org.celldetect.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The plugin described once for every host (manifests/plugin.json, its format in
 * manifests/plugin.schema.json): the service to start and the commands to offer, whose parameters
 * adapters build their dialogs from. Adapters bundle the file and read it with {@link #read}.
 */
public final class PluginManifest {
    private final Map<?, ?> raw;
    private final List<PluginCommand> commands;

    private PluginManifest(Map<?, ?> raw) {
        this.raw = raw;
        List<PluginCommand> described = new ArrayList<PluginCommand>();
        for (Object command : (List<?>) raw.get("commands")) {
            described.add(new PluginCommand((Map<?, ?>) command));
        }
        commands = Collections.unmodifiableList(described);
    }

    /** Parses plugin.json's text; a file that does not follow the schema fails here, not in a dialog. */
    public static PluginManifest parse(String json) {
        try {
            return new PluginManifest((Map<?, ?>) Json.parse(json));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("plugin.json does not follow manifests/plugin.schema.json: " + e, e);
        }
    }

    /** Reads plugin.json (UTF-8) from a stream, e.g. a resource bundled in the adapter; closes it. */
    public static PluginManifest read(InputStream stream) throws IOException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return parse(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        } finally {
            stream.close();
        }
    }

    public String name() {
        return (String) raw.get("name");
    }

    /** The CellDetect release the description belongs to. */
    public String version() {
        return (String) raw.get("version");
    }

    public String description() {
        return (String) raw.get("description");
    }

    /** The pipe name a service is started on unless the user chose another. */
    public String defaultPipe() {
        return (String) ((Map<?, ?>) raw.get("service")).get("defaultPipe");
    }

    public List<PluginCommand> commands() {
        return commands;
    }

    /** The command with this id, e.g. "detect-cells". */
    public PluginCommand command(String id) {
        for (PluginCommand command : commands) {
            if (command.id().equals(id)) {
                return command;
            }
        }
        throw new IllegalArgumentException("plugin.json has no command '" + id + "'");
    }
}
