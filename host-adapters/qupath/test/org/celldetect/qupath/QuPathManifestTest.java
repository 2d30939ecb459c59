package org.celldetect.qupath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.celldetect.client.Check;
import org.celldetect.host.ManifestChecks;
import org.celldetect.client.PluginManifest;
import qupath.lib.gui.extensions.QuPathExtension;

/** The extension's menu items and registration against manifests/plugin.json, read from the built jar. */
public final class QuPathManifestTest {
    private static final String SERVICES = "META-INF/services/qupath.lib.gui.extensions.QuPathExtension";

    private QuPathManifestTest() {
    }

    public static void testEveryCommandIsAMenuItemUnderExtensions() throws Exception {
        PluginManifest manifest = ManifestChecks.manifest();
        List<String> expected = new ArrayList<>();
        for (String title : ManifestChecks.titles()) {
            expected.add("Extensions>" + manifest.name() + ">" + title);
        }
        Check.equal(expected, CellDetectExtension.menuItems(), "menu items");
    }

    public static void testTheServiceFileRegistersTheExtension() throws Exception {
        byte[] services = ManifestChecks.jarEntry(SERVICES);
        Check.isTrue(services != null, "the jar has " + SERVICES);
        List<String> classes = new ArrayList<>();
        for (String line : new String(services, StandardCharsets.UTF_8).split("\n")) {
            if (!line.trim().isEmpty() && !line.trim().startsWith("#")) {
                classes.add(line.trim());
            }
        }
        Check.equal(List.of(CellDetectExtension.class.getName()), classes, "registered extensions");
        Class<?> registered = Class.forName(classes.get(0));
        Check.isTrue(QuPathExtension.class.isAssignableFrom(registered), registered + " implements QuPathExtension");
        QuPathExtension extension = (QuPathExtension) registered.getDeclaredConstructor().newInstance();
        Check.equal(ManifestChecks.manifest().name(), extension.getName(), "the extension's name");
    }

    public static void testTheJarBundlesTheManifestAndNoStubs() throws Exception {
        ManifestChecks.checkBundledManifest(CellDetectExtension.class);
        ManifestChecks.checkNoStubsPackaged("qupath", "javafx");
    }
}
