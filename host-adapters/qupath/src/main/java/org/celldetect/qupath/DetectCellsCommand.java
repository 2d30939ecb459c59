package org.celldetect.qupath;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginParameter;
import org.celldetect.client.Point;
import org.celldetect.host.AdapterManifest;
import org.celldetect.host.BufferedImagePixels;
import org.celldetect.host.Coordinates;
import org.celldetect.host.ImageDetection;
import org.celldetect.host.PixelTiles;
import org.celldetect.host.ServiceSettings;
import qupath.fx.dialogs.Dialogs;
import qupath.fx.utils.FXUtils;
import qupath.lib.gui.QuPathGUI;
import qupath.lib.gui.tools.GuiTools;
import qupath.lib.images.ImageData;
import qupath.lib.images.servers.ImageServer;
import qupath.lib.images.servers.PixelCalibration;
import qupath.lib.objects.PathObject;
import qupath.lib.objects.PathObjects;
import qupath.lib.objects.classes.PathClass;
import qupath.lib.plugins.parameters.ParameterList;
import qupath.lib.regions.ImagePlane;
import qupath.lib.regions.RegionRequest;
import qupath.lib.roi.ROIs;
import qupath.lib.roi.interfaces.ROI;

/**
 * Detect cells in QuPath: in each selected annotation, or in the whole image when none is selected,
 * adds a detection with a point ROI, class "Cell" and measurement "score" per cell. The work is
 * org.celldetect.host's ImageDetection; this class only talks to QuPath. Runs off the JavaFX thread,
 * one run at a time.
 */
final class DetectCellsCommand {
    static final String COMMAND_ID = "detect-cells";
    /** The class and measurement File > Import objects gives the GeoJSON that celldetect detect writes. */
    static final String CELL_CLASS = "Cell";
    static final String SCORE = "score";
    private static final String CLIENT_NAME = "CellDetect QuPath extension " + CellDetectExtension.MANIFEST.version();

    private final QuPathGUI qupath;
    private final PluginCommand command;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "CellDetect");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    /** The last accepted dialog values, offered again next time; used on the worker thread only. */
    private DetectionParameters parameters;

    DetectCellsCommand(QuPathGUI qupath, PluginCommand command) {
        this.qupath = qupath;
        this.command = command;
        this.parameters = new DetectionParameters(command);
    }

    String title() {
        return command.title();
    }

    /** From the menu, on the JavaFX thread. */
    void run() {
        ImageData<BufferedImage> imageData = qupath.getImageData();
        if (imageData == null) {
            Dialogs.showErrorMessage(title(), "Open an image first.");
            return;
        }
        if (!running.compareAndSet(false, true)) {
            Dialogs.showErrorMessage(title(), "Cells are being detected already; wait for that run to finish.");
            return;
        }
        ImagePlane viewerPlane = qupath.getViewer().getImagePlane();
        worker.execute(() -> {
            try {
                detect(imageData, viewerPlane);
            } catch (IOException | RuntimeException e) {
                Dialogs.showErrorMessage(title(), e.getMessage() == null ? e.toString() : e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    private void detect(ImageData<BufferedImage> imageData, ImagePlane viewerPlane) throws IOException {
        try (CellDetectClient client = connect()) {
            if (client == null || !askSettings(client)) {
                return;
            }
            ImageServer<BufferedImage> server = imageData.getServer();
            PixelCalibration calibration = server.getPixelCalibration();
            ImageDetection detection = new ImageDetection(client, parameters, server.getWidth(), server.getHeight(),
                    calibration.hasPixelSizeMicrons() ? calibration.getAveragedPixelSizeMicrons() : null,
                    imageData.isFluorescence() || !server.isRGB());
            List<QuPathArea> areas = new ArrayList<>();
            for (PathObject selected : imageData.getHierarchy().getSelectionModel().getSelectedObjects()) {
                if (selected.isAnnotation() && selected.getROI() != null && selected.getROI().isArea()) {
                    areas.add(new QuPathArea(server, selected.getROI(), selected.getROI().getImagePlane()));
                }
            }
            boolean wholeImage = areas.isEmpty();
            if (wholeImage) {
                areas.add(new QuPathArea(server, null, viewerPlane));
            }
            List<List<Point>> found = detection.detectInAreas(areas);
            PathClass cellClass = PathClass.fromString(CELL_CLASS);
            List<PathObject> cells = new ArrayList<>();
            for (int i = 0; i < areas.size(); i++) {
                for (Point point : found.get(i)) {
                    ROI roi = ROIs.createPointsROI(point.x + Coordinates.CENTRE_TO_CORNER, point.y + Coordinates.CENTRE_TO_CORNER, areas.get(i).plane());
                    PathObject cell = PathObjects.createDetectionObject(roi, cellClass);
                    cell.getMeasurementList().put(SCORE, point.score);
                    cells.add(cell);
                }
            }
            imageData.getHierarchy().addObjects(cells);
            Dialogs.showInfoNotification(title(), cells.size() + " cells detected with " + detection.model().name
                    + (wholeImage ? " in the whole image" : " in " + areas.size() + " annotations")
                    + (detection.downsample() > 1 ? String.format(" at downsample %.2f", detection.downsample()) : "") + ".");
        }
    }

    /** An annotation's ROI (or, when null, the whole image) on a plane, read from the server. */
    private record QuPathArea(ImageServer<BufferedImage> server, ROI roi, ImagePlane plane) implements ImageDetection.Area {
        @Override
        public double boundsX() {
            return roi == null ? 0 : roi.getBoundsX();
        }

        @Override
        public double boundsY() {
            return roi == null ? 0 : roi.getBoundsY();
        }

        @Override
        public double boundsWidth() {
            return roi == null ? server.getWidth() : roi.getBoundsWidth();
        }

        @Override
        public double boundsHeight() {
            return roi == null ? server.getHeight() : roi.getBoundsHeight();
        }

        @Override
        public boolean containsCorner(double x, double y) {
            return roi == null || roi.contains(x, y);
        }

        @Override
        public PixelTiles.Reader reader() {
            int channels = server.isRGB() ? 3 : 1;
            return (rect, downsample) -> BufferedImagePixels.of(
                    server.readRegion(RegionRequest.createInstance(server.getPath(), downsample, rect.x, rect.y, rect.width, rect.height, plane)), channels);
        }
    }

    /** Connects, starting the service if needed; asks once for the program's path when that fails. Null when the user gives none. */
    private CellDetectClient connect() throws IOException {
        try {
            return ServiceSettings.launcher().connectOrStart(CLIENT_NAME);
        } catch (IOException notReachable) {
            String current = ServiceSettings.executable();
            String path = Dialogs.showInputDialog(title(), notReachable.getMessage()
                    + "\n\nThe celldetect program starts the CellDetect service. Its path:", current == null ? "" : current);
            if (path == null || path.isBlank()) {
                return null;
            }
            ServiceSettings.saveExecutable(path.trim());
            return ServiceSettings.launcher().connectOrStart(CLIENT_NAME);
        }
    }

    /** Shows plugin.json's parameters until the values are valid or the user cancels; false on cancel. */
    private boolean askSettings(CellDetectClient client) throws IOException {
        ParameterList dialog = new ParameterList();
        for (PluginParameter parameter : command.parameters()) {
            String current = parameters.text(parameter.name());
            if (parameter.hasChoices()) {
                List<String> choices = new ArrayList<>(parameter.choices(client));
                if (!choices.contains(current)) {
                    choices.add(current);
                }
                dialog.addChoiceParameter(parameter.name(), AdapterManifest.label(parameter), current, choices, AdapterManifest.tooltip(parameter));
            } else if (parameter.type() == PluginParameter.Type.BOOLEAN) {
                dialog.addBooleanParameter(parameter.name(), AdapterManifest.label(parameter), Boolean.parseBoolean(current), AdapterManifest.tooltip(parameter));
            } else {
                dialog.addStringParameter(parameter.name(), AdapterManifest.label(parameter), current, AdapterManifest.tooltip(parameter));
            }
        }
        while (Boolean.TRUE.equals(FXUtils.callOnApplicationThread(() -> GuiTools.showParameterDialog(title(), dialog)))) {
            DetectionParameters chosen = new DetectionParameters(command);
            try {
                for (PluginParameter parameter : command.parameters()) {
                    chosen.set(parameter.name(), text(dialog, parameter));
                }
            } catch (IllegalArgumentException wrong) {
                Dialogs.showErrorMessage(title(), wrong.getMessage());
                continue;
            }
            parameters = chosen;
            return true;
        }
        return false;
    }

    /** A dialog field's value as the text DetectionParameters reads. */
    private static String text(ParameterList dialog, PluginParameter parameter) {
        if (parameter.hasChoices()) {
            return String.valueOf(dialog.getChoiceParameterValue(parameter.name()));
        }
        return parameter.type() == PluginParameter.Type.BOOLEAN
                ? String.valueOf(dialog.getBooleanParameterValue(parameter.name())) : dialog.getStringParameterValue(parameter.name());
    }
}
