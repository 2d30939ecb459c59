package org.celldetect.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.celldetect.client.Check;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginManifest;
import org.celldetect.client.TestFiles;

/**
 * What every adapter's manifest test checks against manifests/plugin.json: the commands it offers
 * and the copy of plugin.json its dialogs are built from, read from the adapter's jar
 * (system property celldetect.adapter.jar, set by the adapter's test.sh).
 */
public final class ManifestChecks {
    private ManifestChecks() {
    }

    public static PluginManifest manifest() throws IOException {
        return PluginManifest.read(new FileInputStream(new File(TestFiles.manifests(), "plugin.json")));
    }

    /** Every command's title, in plugin.json's order. */
    public static List<String> titles() throws IOException {
        List<String> titles = new ArrayList<String>();
        for (PluginCommand command : manifest().commands()) {
            titles.add(command.title());
        }
        return titles;
    }

    public static File adapterJar() {
        String path = System.getProperty("celldetect.adapter.jar");
        Check.isTrue(path != null, "the adapter's test.sh sets -Dcelldetect.adapter.jar");
        return new File(path);
    }

    /** An entry of the adapter's jar; null when it has none. */
    public static byte[] jarEntry(String name) throws IOException {
        try (JarFile jar = new JarFile(adapterJar())) {
            JarEntry entry = jar.getJarEntry(name);
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes.write(buffer, 0, n);
                }
                return bytes.toByteArray();
            }
        }
    }

    /** The names of the jar's entries. */
    public static List<String> jarEntries() throws IOException {
        List<String> names = new ArrayList<String>();
        try (JarFile jar = new JarFile(adapterJar())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    /**
     * The jar bundles manifests/plugin.json as it is now, next to the anchor class, so its dialogs
     * show exactly plugin.json's parameters.
     */
    public static void checkBundledManifest(Class<?> anchor) throws IOException {
        String entry = anchor.getPackage().getName().replace('.', '/') + "/" + AdapterManifest.FILE_NAME;
        byte[] bundled = jarEntry(entry);
        Check.isTrue(bundled != null, "the jar has " + entry);
        Check.isTrue(java.util.Arrays.equals(Files.readAllBytes(new File(TestFiles.manifests(), "plugin.json").toPath()), bundled),
                "the bundled plugin.json is manifests/plugin.json");
    }

    /** No class of the host's API (the compile-time stubs) is packaged. */
    public static void checkNoStubsPackaged(String... hostPackages) throws IOException {
        for (String name : jarEntries()) {
            for (String hostPackage : hostPackages) {
                Check.isTrue(!name.startsWith(hostPackage.replace('.', '/') + "/"), "the jar packages the stub " + name);
            }
        }
    }
}
