package org.celldetect.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.PlugIn;

import org.celldetect.client.CalibrationUnits;
import org.celldetect.client.CancelWatcher;
import org.celldetect.client.CellDetectClient;
import org.celldetect.client.CellDetectException;
import org.celldetect.client.CellDetectProgram;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.ErrorCodes;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginManifest;
import org.celldetect.client.ServiceLauncher;
import org.celldetect.client.ServiceUnavailableException;

import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Plugins &gt; Cell Detection &gt; Detect Cells...: detects the cells in the current image's current
 * slice and channel (in the selection, when there is an area selection) with the CellDetect service,
 * and shows them as a multi-point selection, an overlay and the Results table.
 * Macro: {@code run("Detect Cells...", "model=he-nuclei threshold=auto stride=auto pixel_size=auto cell_diameter=auto")}.
 *
 * <p>Every failure ends in an IJ.error that says what to do (which aborts a running macro); a
 * cancelled detection (Esc) only says so in the status line.
 */
public final class DetectCells implements PlugIn {
    static final String TITLE = "Detect Cells";
    /** The menu command, as macros call it. */
    static final String COMMAND = "Detect Cells...";
    static final String COMMAND_ID = "detect-cells";
    // IJ.getVersion(), not ImageJ.VERSION: javac would copy the constant of the ImageJ built against.
    private static final String CLIENT_NAME = "CellDetect ImageJ plugin (ImageJ " + IJ.getVersion() + ", Java "
            + System.getProperty("java.version") + ")";
    private static final String SETTINGS_MENU = "Plugins > Cell Detection > CellDetect Settings...";
    private static PluginManifest manifest;

    /** plugin.json, bundled into the jar at build time. */
    static synchronized PluginManifest manifest() {
        if (manifest == null) {
            InputStream stream = DetectCells.class.getResourceAsStream("plugin.json");
            if (stream == null) {
                throw new IllegalStateException("plugin.json is missing from the CellDetect plugin jar; rebuild it");
            }
            try {
                manifest = PluginManifest.read(stream);
            } catch (IOException e) {
                throw new IllegalStateException("plugin.json in the CellDetect plugin jar cannot be read: " + e.getMessage(), e);
            }
        }
        return manifest;
    }

    @Override
    public void run(String arg) {
        ImagePlus image = WindowManager.getCurrentImage();
        if (image == null) {
            IJ.noImage();
            return;
        }
        try {
            CellDetectClient client = connect();
            if (client == null) {
                return;
            }
            try {
                detect(image, client);
            } finally {
                client.close();
            }
        } catch (CellDetectException e) {
            if (ErrorCodes.CANCELLED.equals(e.code())) {
                IJ.showStatus("CellDetect: detection cancelled");
            } else {
                IJ.error(TITLE, serviceError(e));
            }
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            // Messages written for users: the service unreachable, a value out of plugin.json's range, an
            // image type CellDetect does not take, a Java without Unix sockets (naming its version).
            IJ.error(TITLE, e.getMessage());
        } catch (RuntimeException e) {
            IJ.error(TITLE, "CellDetect failed unexpectedly: " + e + "\nPlease report it with the steps that led to it.");
        } finally {
            ImageJProgress.done();
        }
    }

    private static void detect(ImagePlus image, CellDetectClient client) throws IOException {
        PluginCommand command = manifest().command(COMMAND_ID);
        Map<String, Object> server = client.server();
        DetectionParameters parameters = ParameterForm.ask(command, client, "Service: CellDetect " + server.get("serverVersion")
                + " on " + server.get("device") + " (" + server.get("precision") + ") at " + CellDetectSettings.pipe());
        if (parameters == null) {
            return;
        }
        Calibration calibration = image.getCalibration();
        DetectOptions options = parameters.toOptions(calibration.scaled()
                ? CalibrationUnits.toMicrons(calibration.pixelWidth, calibration.getUnit()) : null);
        Roi area = image.getRoi() != null && image.getRoi().isArea() ? image.getRoi() : null;
        if (area != null) {
            Rectangle bounds = area.getBounds().intersection(new Rectangle(image.getWidth(), image.getHeight()));
            options.region(bounds.x, bounds.y, bounds.width, bounds.height);
        }
        IJ.showStatus("CellDetect: sending " + image.getTitle());
        // An Esc pressed before (ending a selection, stopping another command) is not meant for this detection.
        IJ.resetEscape();
        ImageJProgress progress = new ImageJProgress();
        CancelWatcher watcher = CancelWatcher.watch(client, progress, progress);
        DetectResult result;
        try {
            result = ProcessorPixels.detect(client, image.getProcessor(), options, watcher);
        } finally {
            watcher.close();
        }
        int shown = DetectionDisplay.show(image, result.points(), area);
        IJ.showStatus("CellDetect: " + shown + " cells (model " + result.modelName() + ", stride " + result.stride() + ", threshold "
                + IJ.d2s(result.threshold(), 3) + ") in " + IJ.d2s(result.timing("totalMs") / 1000, 1) + " s");
    }

    /**
     * Connects to the service at the configured pipe, starting it with the configured program when
     * nobody answers; interactively, asks for the settings while that fails. Null when the user
     * cancelled the settings.
     */
    private static CellDetectClient connect() throws IOException {
        try {
            return CellDetectClient.connect(CellDetectSettings.pipe(), CLIENT_NAME);
        } catch (ServiceUnavailableException notRunning) {
            // Start it below.
        }
        while (true) {
            String pipe = CellDetectSettings.pipe();
            File program = CellDetectProgram.find(CellDetectSettings.configuredProgram());
            String problem;
            if (program == null) {
                problem = "No CellDetect service answers at " + pipe + ", and the celldetect program that starts one was not found ("
                        + CellDetectProgram.fallbacks() + ").";
            } else {
                IJ.showStatus("CellDetect: starting the service (" + program + " serve --pipe " + pipe + ")...");
                try {
                    CellDetectClient client = new ServiceLauncher(program, pipe).connectOrStart(CLIENT_NAME);
                    IJ.showStatus("CellDetect: service started at " + pipe);
                    return client;
                } catch (ServiceUnavailableException | IllegalArgumentException e) {
                    problem = "The CellDetect service could not be reached at " + pipe + ": " + e.getMessage();
                } catch (IOException e) {
                    problem = "The CellDetect service could not be started: " + e.getMessage();
                }
            }
            if (DialogFields.headless() || DialogFields.runByMacro()) {
                throw new IOException(problem + "\nSet the program with " + SETTINGS_MENU + ", e.g. in a macro:\n"
                        + "run(\"CellDetect Settings...\", \"program=/path/to/celldetect pipe=celldetect\");");
            }
            if (!CellDetectSettings.ask(problem + "\nSet the celldetect program, or the pipe of a running service:")) {
                return null;
            }
        }
    }

    /** An error the service answered with, in words for the user. */
    private static String serviceError(CellDetectException error) {
        if (ErrorCodes.MODEL_NOT_FOUND.equals(error.code())) {
            return "The service has no model '" + error.data().get("model") + "'. Available: " + error.data().get("available") + ".";
        }
        if (ErrorCodes.PAYLOAD_TOO_LARGE.equals(error.code())) {
            return "The image is too large to send to the service; select a smaller rectangle.\n(" + error.getMessage() + ")";
        }
        return "The CellDetect service answered: " + error.getMessage();
    }
}
