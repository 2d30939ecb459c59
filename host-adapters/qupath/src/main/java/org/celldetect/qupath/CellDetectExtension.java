package org.celldetect.qupath;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import org.celldetect.client.PluginManifest;
import org.celldetect.host.AdapterManifest;
import qupath.lib.common.Version;
import qupath.lib.gui.QuPathGUI;
import qupath.lib.gui.extensions.QuPathExtension;

/**
 * Adds Extensions > CellDetect > Detect cells to QuPath, named as plugin.json names them.
 * Registered in META-INF/services/qupath.lib.gui.extensions.QuPathExtension.
 */
public final class CellDetectExtension implements QuPathExtension {
    /** The QuPath release the extension is compiled and checked against (stubs/). */
    public static final String QUPATH_VERSION = "0.5.1";
    static final PluginManifest MANIFEST = AdapterManifest.bundledWith(CellDetectExtension.class);

    /** QuPath's menu for the plugin's commands. */
    public static String menu() {
        return "Extensions>" + MANIFEST.name();
    }

    /** Every menu item the extension installs, as a path: what the manifest check compares with plugin.json. */
    public static List<String> menuItems() {
        List<String> items = new ArrayList<>();
        items.add(menu() + ">" + MANIFEST.command(DetectCellsCommand.COMMAND_ID).title());
        return items;
    }

    @Override
    public void installExtension(QuPathGUI qupath) {
        DetectCellsCommand detectCells = new DetectCellsCommand(qupath, MANIFEST.command(DetectCellsCommand.COMMAND_ID));
        Menu menu = qupath.getMenu(menu(), true);
        MenuItem item = new MenuItem(detectCells.title());
        item.setOnAction(event -> detectCells.run());
        menu.getItems().add(item);
    }

    @Override
    public String getName() {
        return MANIFEST.name();
    }

    @Override
    public String getDescription() {
        return MANIFEST.description();
    }

    @Override
    public Version getQuPathVersion() {
        return Version.parse(QUPATH_VERSION);
    }
}
