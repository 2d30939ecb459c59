package org.celldetect.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.celldetect.client.Check;
import org.celldetect.client.TestFiles;

/**
 * The ImageJ adapter's plugins.config (host-adapters/imagej) against plugin.json: every command has
 * exactly one menu entry, labelled with its title in ImageJ's style (any capitalisation, "..." after
 * a command that opens a dialog). Other entries (a settings item) and the submenu are the adapter's.
 */
public final class ImageJManifestTest {
    /** plugins.config lines: {@code Menu>Submenu, "Label", class.Name("argument")}. */
    private static final Pattern ENTRY = Pattern.compile("^\\s*([^,#]+),\\s*\"([^\"]*)\",\\s*([\\w.$]+)(\\(.*\\))?\\s*$");

    private ImageJManifestTest() {
    }

    public static void testEveryCommandHasOneImageJMenuEntry() throws IOException {
        File config = new File(TestFiles.manifests().getAbsoluteFile().getParentFile(), "host-adapters/imagej/resources/plugins.config");
        if (!config.getParentFile().getParentFile().isDirectory()) {
            return; // No ImageJ adapter in this checkout.
        }
        List<String> labels = new ArrayList<String>();
        for (String line : Files.readAllLines(config.toPath(), StandardCharsets.UTF_8)) {
            Matcher entry = ENTRY.matcher(line);
            if (!line.trim().startsWith("#") && entry.matches()) {
                labels.add(asTitle(entry.group(2)));
            }
        }
        for (String title : ManifestChecks.titles()) {
            Check.equal(1, java.util.Collections.frequency(labels, asTitle(title)), config + ": entries for the command '" + title + "'");
        }
    }

    /** A label compared as ImageJ writes titles: without a trailing "...", in any case. */
    private static String asTitle(String label) {
        String trimmed = label.trim();
        return (trimmed.endsWith("...") ? trimmed.substring(0, trimmed.length() - 3) : trimmed).toLowerCase(Locale.ROOT);
    }
}
