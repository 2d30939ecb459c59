package org.celldetect.micromanager;

import java.io.IOException;

import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.DetectionParameters;
import org.micromanager.MenuPlugin;
import org.micromanager.Studio;
import org.micromanager.data.Image;
import org.micromanager.display.DataViewer;
import org.scijava.plugin.Plugin;

/** Plugins > CellDetect > Detect cells: the image shown in the active viewer, its cells in a results window. */
@Plugin(type = MenuPlugin.class)
public final class CellDetectMenuPlugin implements MenuPlugin {
    private Studio studio;
    /** The last accepted dialog values, offered again; used on the event thread only. */
    private DetectionParameters parameters = new DetectionParameters(Plugins.DETECT_CELLS);

    @Override
    public void setContext(Studio studio) {
        this.studio = studio;
    }

    /** The manifest's name: the submenu of Plugins. */
    @Override
    public String getSubMenu() {
        return Plugins.MANIFEST.name();
    }

    /** The command's title: the menu item. */
    @Override
    public String getName() {
        return Plugins.DETECT_CELLS.title();
    }

    @Override
    public String getHelpText() {
        return Plugins.DETECT_CELLS.description();
    }

    @Override
    public String getVersion() {
        return Plugins.MANIFEST.version();
    }

    @Override
    public String getCopyright() {
        return Plugins.COPYRIGHT;
    }

    /** On the event thread. */
    @Override
    public void onPluginSelected() {
        DataViewer viewer = studio.displays().getActiveDataViewer();
        if (viewer == null) {
            JOptionPane.showMessageDialog(null, "Open an image first.", getName(), JOptionPane.ERROR_MESSAGE);
            return;
        }
        Image image;
        try {
            image = viewer.getDataProvider().getImage(viewer.getDisplayPosition());
        } catch (IOException e) {
            studio.logs().showError(e, "CellDetect could not read the image shown.");
            return;
        }
        if (!askSettings()) {
            return;
        }
        Double pixelSize = image.getMetadata().getPixelSizeUm();
        DetectOptions options = parameters.toOptions(pixelSize != null && pixelSize > 0 ? pixelSize : null);
        Thread worker = new Thread(() -> detect(viewer.getName(), image, options), "CellDetect");
        worker.setDaemon(true);
        worker.start();
    }

    private void detect(String imageName, Image image, DetectOptions options) {
        try (CellDetectClient client = ServiceConnection.connectAsking(null)) {
            if (client != null) {
                DetectResult result = MicroManagerFrames.pixels(image).detect(client, options, null);
                SwingUtilities.invokeLater(() -> ResultsWindow.show(imageName, result));
            }
        } catch (IOException | IllegalArgumentException e) {
            SwingUtilities.invokeLater(() -> studio.logs().showError(e, "CellDetect could not detect cells in " + imageName + ": " + e.getMessage()));
        }
    }

    /** Shows plugin.json's parameters until they are valid or the user cancels; false on cancel. */
    private boolean askSettings() {
        SettingsForm form = new SettingsForm(Plugins.DETECT_CELLS, parameters, null);
        ServiceConnection.offerChoices(form, null);
        while (JOptionPane.showConfirmDialog(null, form.panel(), getName(), JOptionPane.OK_CANCEL_OPTION, JOptionPane.PLAIN_MESSAGE)
                == JOptionPane.OK_OPTION) {
            try {
                parameters = form.parameters();
                return true;
            } catch (IllegalArgumentException wrong) {
                JOptionPane.showMessageDialog(null, wrong.getMessage(), getName(), JOptionPane.ERROR_MESSAGE);
            }
        }
        return false;
    }
}
