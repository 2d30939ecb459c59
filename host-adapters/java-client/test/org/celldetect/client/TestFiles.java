package org.celldetect.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The specification's files: manifests/protocol's examples and vectors. */
final class TestFiles {
    private static File manifests;

    private TestFiles() {
    }

    static void setManifests(String folder) {
        manifests = new File(folder);
    }

    static File manifests() {
        return manifests;
    }

    static String read(File file) throws IOException {
        return new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
    }

    static Object load(String relativePath) throws IOException {
        return Json.parse(read(new File(manifests, relativePath)));
    }

    static List<String> exampleNames() {
        List<String> names = new ArrayList<String>();
        for (String file : new File(manifests, "protocol/examples").list()) {
            if (file.endsWith(".json")) {
                names.add(file.substring(0, file.length() - ".json".length()));
            }
        }
        names.sort(null);
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> example(String name) throws IOException {
        return (List<Map<String, Object>>) load("protocol/examples/" + name + ".json");
    }

    /** Every JSON file under the manifests folder. */
    static List<File> allJsonFiles() {
        List<File> files = new ArrayList<File>();
        collect(manifests, files);
        return files;
    }

    private static void collect(File folder, List<File> files) {
        File[] entries = folder.listFiles();
        Arrays.sort(entries);
        for (File entry : entries) {
            if (entry.isDirectory()) {
                collect(entry, files);
            } else if (entry.getName().endsWith(".json")) {
                files.add(entry);
            }
        }
    }
}
