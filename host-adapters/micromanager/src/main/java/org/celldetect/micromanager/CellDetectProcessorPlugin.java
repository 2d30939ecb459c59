package org.celldetect.micromanager;

import java.util.Map;

import org.celldetect.client.DetectionParameters;
import org.celldetect.host.AdapterManifest;
import org.celldetect.host.FrameDetector;
import org.celldetect.host.ServiceSettings;
import org.micromanager.PropertyMap;
import org.micromanager.Studio;
import org.micromanager.data.ProcessorConfigurator;
import org.micromanager.data.ProcessorFactory;
import org.micromanager.data.ProcessorPlugin;
import org.scijava.plugin.Plugin;

/** "CellDetect: Detect cells" in Micro-Manager's on-the-fly image processing pipeline. */
@Plugin(type = ProcessorPlugin.class)
public final class CellDetectProcessorPlugin implements ProcessorPlugin {
    private Studio studio;

    @Override
    public void setContext(Studio studio) {
        this.studio = studio;
    }

    @Override
    public ProcessorConfigurator createConfigurator(PropertyMap settings) {
        return new CellDetectConfigurator(studio, settings);
    }

    @Override
    public ProcessorFactory createFactory(PropertyMap settings) {
        Map<String, String> texts = Plugins.read(settings);
        DetectionParameters parameters = AdapterManifest.restore(Plugins.DETECT_CELLS, texts);
        FrameDetector.Policy policy = Plugins.policy(texts);
        // An auto pixel size is each image's own (FrameDetector sends its PixelSizeUm).
        return () -> new CellDetectProcessor(new FrameDetector(() -> ServiceSettings.launcher().connectOrStart(Plugins.CLIENT_NAME), policy,
                parameters.toOptions(null)));
    }

    /** The manifest's name and the command's title: "CellDetect: Detect cells". */
    @Override
    public String getName() {
        return Plugins.MANIFEST.name() + ": " + Plugins.DETECT_CELLS.title();
    }

    @Override
    public String getHelpText() {
        return Plugins.DETECT_CELLS.description() + " Each image is passed on unchanged with its cells (or why it has none) in its user data;"
                + " no image waits longer than the configured wait.";
    }

    @Override
    public String getVersion() {
        return Plugins.MANIFEST.version();
    }

    @Override
    public String getCopyright() {
        return Plugins.COPYRIGHT;
    }
}
