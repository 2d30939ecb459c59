package org.celldetect.micromanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginManifest;
import org.celldetect.client.PluginParameter;
import org.celldetect.host.AdapterManifest;
import org.celldetect.host.FrameDetector;
import org.micromanager.PropertyMap;
import org.micromanager.PropertyMaps;

/** What both plugins take from plugin.json, and their settings as Micro-Manager property maps. */
final class Plugins {
    static final PluginManifest MANIFEST = AdapterManifest.bundledWith(Plugins.class);
    static final PluginCommand DETECT_CELLS = MANIFEST.command("detect-cells");
    static final String CLIENT_NAME = "CellDetect Micro-Manager plugins " + MANIFEST.version();
    static final String COPYRIGHT = "CellDetect";

    private Plugins() {
    }

    /** The processor's settings keys: plugin.json's parameters, then the frame policy's. */
    static List<String> processorSettingsKeys() {
        List<String> keys = new ArrayList<>();
        for (PluginParameter parameter : DETECT_CELLS.parameters()) {
            keys.add(parameter.name());
        }
        keys.add(FrameDetector.Policy.WHEN_BUSY);
        keys.add(FrameDetector.Policy.MAX_WAIT_MILLIS);
        return keys;
    }

    /** The texts saved under the processor's keys; missing ones are left out. */
    static Map<String, String> read(PropertyMap settings) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : processorSettingsKeys()) {
            String text = settings == null ? null : settings.getString(key, null);
            if (text != null) {
                texts.put(key, text);
            }
        }
        return texts;
    }

    static PropertyMap write(DetectionParameters parameters, FrameDetector.Policy policy) {
        PropertyMap.Builder map = PropertyMaps.builder();
        AdapterManifest.texts(parameters).forEach(map::putString);
        policy.toSettings().forEach(map::putString);
        return map.build();
    }

    /** Saved frame policy, or the defaults when it is missing or no longer valid. */
    static FrameDetector.Policy policy(Map<String, String> texts) {
        try {
            return FrameDetector.Policy.fromSettings(texts);
        } catch (IllegalArgumentException stale) {
            return FrameDetector.Policy.fromSettings(new LinkedHashMap<>());
        }
    }
}
