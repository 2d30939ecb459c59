package org.celldetect.micromanager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.celldetect.client.Check;
import org.celldetect.client.Json;
import org.celldetect.host.ManifestChecks;
import org.celldetect.client.PluginManifest;
import org.celldetect.client.PluginParameter;
import org.micromanager.MMPlugin;
import org.micromanager.MenuPlugin;
import org.scijava.plugin.Plugin;

/**
 * The plugins' names and the SciJava annotation index Micro-Manager finds them by, against
 * manifests/plugin.json and the @Plugin annotations of the classes in the built jar.
 */
public final class MicroManagerManifestTest {
    private static final String INDEX = "META-INF/json/org.scijava.plugin.Plugin";

    private MicroManagerManifestTest() {
    }

    public static void testTheMenuAndProcessorAreNamedAsPluginJsonSays() throws Exception {
        PluginManifest manifest = ManifestChecks.manifest();
        List<String> menuItems = new ArrayList<>();
        List<String> processors = new ArrayList<>();
        for (Map.Entry<String, String> entry : index().entrySet()) {
            MMPlugin plugin = (MMPlugin) Class.forName(entry.getKey()).getDeclaredConstructor().newInstance();
            if (plugin instanceof MenuPlugin) {
                menuItems.add(((MenuPlugin) plugin).getSubMenu() + ">" + plugin.getName());
            } else {
                processors.add(plugin.getName());
            }
            Check.equal(manifest.version(), plugin.getVersion(), entry.getKey() + " version");
        }
        List<String> expectedMenu = new ArrayList<>();
        List<String> expectedProcessors = new ArrayList<>();
        for (String title : ManifestChecks.titles()) {
            expectedMenu.add(manifest.name() + ">" + title);
            expectedProcessors.add(manifest.name() + ": " + title);
        }
        Check.equal(expectedMenu, menuItems, "Plugins menu items");
        Check.equal(expectedProcessors, processors, "on-the-fly processors");
    }

    public static void testTheIndexListsExactlyTheAnnotatedPluginsInSciJavasFormat() throws Exception {
        Map<String, String> index = index();
        Map<String, String> annotated = new TreeMap<>();
        for (String entry : ManifestChecks.jarEntries()) {
            if (entry.startsWith("org/celldetect/micromanager/") && entry.endsWith(".class") && !entry.contains("$")) {
                Class<?> type = Class.forName(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                Plugin plugin = type.getAnnotation(Plugin.class);
                if (plugin != null) {
                    Check.isTrue(plugin.type().isAssignableFrom(type), type + " implements its @Plugin type " + plugin.type());
                    annotated.put(type.getName(), plugin.type().getName());
                }
            }
        }
        Check.equal(annotated, index, "index entries (class -> type) against the @Plugin annotations");
    }

    public static void testTheSettingsAreThePluginJsonParametersAndTheFramePolicy() throws Exception {
        List<String> expected = new ArrayList<>();
        for (PluginParameter parameter : ManifestChecks.manifest().command("detect-cells").parameters()) {
            expected.add(parameter.name());
        }
        expected.add("whenBusy");
        expected.add("maxWaitMillis");
        Check.equal(expected, Plugins.processorSettingsKeys(), "processor settings keys");
    }

    public static void testTheJarBundlesTheManifestAndNoStubs() throws Exception {
        ManifestChecks.checkBundledManifest(Plugins.class);
        ManifestChecks.checkNoStubsPackaged("org.micromanager", "org.scijava");
    }

    /**
     * The index as SciJava's annotation processor writes it: JSON objects one after another, each
     * {"class": ..., "values": {"type": ...}}. Class name to type.
     */
    private static Map<String, String> index() throws Exception {
        byte[] bytes = ManifestChecks.jarEntry(INDEX);
        Check.isTrue(bytes != null, "the jar has " + INDEX);
        Map<String, String> entries = new TreeMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int depth = 0;
        int start = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' && depth++ == 0) {
                start = i;
            } else if (c == '}' && --depth == 0) {
                Map<?, ?> entry = (Map<?, ?>) Json.parse(text.substring(start, i + 1));
                Check.equal(2, entry.size(), "an entry has class and values: " + entry);
                Map<?, ?> values = (Map<?, ?>) entry.get("values");
                entries.put((String) entry.get("class"), (String) values.get("type"));
            }
        }
        return entries;
    }
}
