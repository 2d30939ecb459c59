package org.celldetect.host;

import java.io.File;
import java.io.FileInputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.celldetect.client.Check;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.TestFiles;
import org.celldetect.host.PluginManifest.Command;

/** plugin.json read by PluginManifest, and dialog values checked and turned into requests by CommandSettings. */
public final class SettingsTest {
    private SettingsTest() {
    }

    static Command detectCells() throws Exception {
        return PluginManifest.read(new FileInputStream(new File(TestFiles.manifests(), "plugin.json"))).command("detect-cells");
    }

    public static void testTheManifestDescribesDetectCells() throws Exception {
        PluginManifest manifest = PluginManifest.read(new FileInputStream(new File(TestFiles.manifests(), "plugin.json")));
        Check.equal("CellDetect", manifest.name(), "name");
        Command command = manifest.command("detect-cells");
        Check.equal("Detect cells", command.title, "title");
        Check.equal("detect", command.method, "method");
        Check.equal("models.list", command.parameter("model").choicesMethod, "model choices");
        Check.equal("from 0 to 1", command.parameter("threshold").rangeText(), "threshold range");
        Check.equal("over 0", command.parameter("pixelSizeMicrons").rangeText(), "pixel size range");
    }

    public static void testDefaultsAreAutoAndSendNothing() throws Exception {
        CommandSettings settings = new CommandSettings(detectCells());
        for (String name : Arrays.asList("model", "threshold", "stride", "pixelSizeMicrons")) {
            Check.isTrue(settings.isAuto(name), name + " starts on auto");
            Check.equal(null, settings.toOptions().parameter(name), name + " is left out of the request");
        }
    }

    public static void testValuesAreTypedForTheRequest() throws Exception {
        CommandSettings settings = new CommandSettings(detectCells())
                .set("model", "he-nuclei").set("threshold", "0.3").set("stride", "2").set("pixelSizeMicrons", " 0.5 ");
        DetectOptions options = settings.toOptions();
        Check.equal("he-nuclei", options.parameter("model"), "model");
        Check.equal(0.3, options.parameter("threshold"), "threshold");
        Check.equal(2, options.parameter("stride"), "stride is an integer");
        Check.equal(0.5, settings.number("pixelSizeMicrons"), "pixel size");
        settings.set("threshold", "");
        Check.isTrue(settings.isAuto("threshold"), "blank is auto");
        settings.set("stride", "AUTO");
        Check.equal("auto", settings.text("stride"), "auto in any case");
    }

    public static void testWrongValuesNameTheFieldAndWhatItTakes() throws Exception {
        final CommandSettings settings = new CommandSettings(detectCells());
        String[][] cases = {
            {"threshold", "abc", "Threshold: expected auto or a number from 0 to 1, got 'abc'"},
            {"threshold", "1.5", "Threshold: expected auto or a number from 0 to 1, got '1.5'"},
            {"threshold", "NaN", "Threshold: expected auto or a number from 0 to 1, got 'NaN'"},
            {"stride", "2.5", "Stride: expected auto or a whole number from 1 to 64, got '2.5'"},
            {"stride", "0", "Stride: expected auto or a whole number from 1 to 64, got '0'"},
            {"pixelSizeMicrons", "0", "Pixel size: expected auto or a number over 0, got '0'"},
        };
        for (final String[] wrong : cases) {
            IllegalArgumentException thrown = Check.throwsA(IllegalArgumentException.class, () -> settings.set(wrong[0], wrong[1]), wrong[0]);
            Check.equal(wrong[2], thrown.getMessage(), "message");
            Check.isTrue(settings.isAuto(wrong[0]), "a refused value leaves the setting as it was");
        }
    }

    public static void testRestoringDropsStaleAndUnknownValues() throws Exception {
        Map<String, String> saved = new HashMap<String, String>();
        saved.put("threshold", "7");
        saved.put("stride", "8");
        saved.put("gone", "1");
        CommandSettings settings = CommandSettings.restore(detectCells(), saved);
        Check.isTrue(settings.isAuto("threshold"), "an out-of-range saved value falls back to the default");
        Check.equal("8", settings.text("stride"), "a valid saved value is kept");
        Check.equal(Arrays.asList("model", "threshold", "stride", "pixelSizeMicrons"), Arrays.asList(settings.asMap().keySet().toArray()), "only plugin.json's parameters, in order");
    }

    public static void testFramePolicySettingsRoundTrip() {
        FrameDetector.Policy policy = FrameDetector.Policy.fromSettings(new HashMap<String, String>());
        Check.equal(FrameDetector.WhenBusy.SKIP, policy.whenBusy, "skip by default");
        Map<String, String> saved = new HashMap<String, String>();
        saved.put(FrameDetector.Policy.WHEN_BUSY, "queue");
        saved.put(FrameDetector.Policy.MAX_WAIT_MILLIS, "250");
        Check.equal(saved, FrameDetector.Policy.fromSettings(saved).toSettings(), "round trip");
        saved.put(FrameDetector.Policy.MAX_WAIT_MILLIS, "0");
        IllegalArgumentException thrown = Check.throwsA(IllegalArgumentException.class, () -> FrameDetector.Policy.fromSettings(saved), "a zero wait");
        Check.isTrue(thrown.getMessage().startsWith("Longest wait: expected a whole number of milliseconds from 1 to "), thrown.getMessage());
    }
}
