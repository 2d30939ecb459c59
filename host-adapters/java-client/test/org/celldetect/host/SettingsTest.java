package org.celldetect.host;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.celldetect.client.Check;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;

/** Dialog values kept as text by hosts (AdapterManifest), their dialog texts, and the frame policy's settings. */
public final class SettingsTest {
    private SettingsTest() {
    }

    static PluginCommand detectCells() throws Exception {
        return ManifestChecks.manifest().command("detect-cells");
    }

    public static void testSavedValuesComeBackAndStaleOnesFallBackToTheDefault() throws Exception {
        Map<String, String> saved = new HashMap<String, String>();
        saved.put("threshold", "7");
        saved.put("stride", "8");
        saved.put("gone", "1");
        DetectionParameters parameters = AdapterManifest.restore(detectCells(), saved);
        Check.equal("auto", parameters.text("threshold"), "an out-of-range saved value falls back to the default");
        Check.equal("8", parameters.text("stride"), "a valid saved value is kept");
        Map<String, String> texts = AdapterManifest.texts(parameters);
        Check.equal(Arrays.asList("model", "threshold", "stride", "pixelSizeMicrons", "cellDiameterPixels", "testTimeAugmentation"), Arrays.asList(texts.keySet().toArray()), "plugin.json's parameters, in order");
        Check.equal(texts, AdapterManifest.texts(AdapterManifest.restore(detectCells(), texts)), "saved and restored");
    }

    public static void testLabelsCarryTheUnitAndTooltipsSayWhatAutoDoes() throws Exception {
        Check.equal("Pixel size (µm)", AdapterManifest.label(detectCells().parameter("pixelSizeMicrons")), "label");
        Check.equal("Threshold", AdapterManifest.label(detectCells().parameter("threshold")), "no unit");
        String tooltip = AdapterManifest.tooltip(detectCells().parameter("stride"));
        Check.isTrue(tooltip.startsWith(detectCells().parameter("stride").help()) && tooltip.contains(" Auto: the model's stride.")
                && tooltip.endsWith(" Values: 1 to 64 px."), tooltip);
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
