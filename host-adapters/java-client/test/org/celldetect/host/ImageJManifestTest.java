package org.celldetect.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.celldetect.client.Check;
import org.celldetect.client.TestFiles;

/**
 * The ImageJ adapter's plugins.config (host-adapters/imagej, written separately) against
 * plugin.json: every command appears once, in the plugin's submenu; other entries (an About item)
 * are the adapter's business. Checked once the file exists.
 */
public final class ImageJManifestTest {
    /** plugins.config lines: {@code Menu>Submenu, "Label", class.Name("argument")}. */
    private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+),\\s*\"([^\"]*)\",\\s*([\\w.$]+)(\\(.*\\))?\\s*$");

    private ImageJManifestTest() {
    }

    static List<File> pluginsConfigs() throws IOException {
        List<File> found = new ArrayList<File>();
        File imagej = new File(TestFiles.manifests().getAbsoluteFile().getParentFile(), "host-adapters/imagej");
        if (imagej.isDirectory()) {
            Files.walk(imagej.toPath()).filter(path -> path.getFileName().toString().equals("plugins.config")
                    && !path.toString().contains(File.separator + "target" + File.separator)).forEach(path -> found.add(path.toFile()));
        }
        return found;
    }

    public static void testEveryCommandIsInTheImageJMenusOnce() throws IOException {
        for (File config : pluginsConfigs()) {
            List<String> labels = new ArrayList<String>();
            for (String line : Files.readAllLines(config.toPath(), StandardCharsets.UTF_8)) {
                Matcher entry = ENTRY.matcher(line);
                if (!line.trim().startsWith("#") && entry.matches() && ManifestChecks.titles().contains(entry.group(2))) {
                    Check.isTrue(entry.group(1).trim().endsWith(">" + ManifestChecks.manifest().name()), config + ": " + line.trim()
                            + " is in the " + ManifestChecks.manifest().name() + " submenu");
                    labels.add(entry.group(2));
                }
            }
            for (String title : ManifestChecks.titles()) {
                Check.equal(1, java.util.Collections.frequency(labels, title), config + ": entries titled '" + title + "'");
            }
        }
    }
}
