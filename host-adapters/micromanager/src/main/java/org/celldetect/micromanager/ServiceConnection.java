package org.celldetect.micromanager;

import java.awt.Component;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.PluginParameter;
import org.celldetect.host.ServiceSettings;

/** Connecting from a dialog: starts the service if needed, and asks once for the program's path when that fails. */
final class ServiceConnection {
    private ServiceConnection() {
    }

    /** Call off the event thread (starting the service takes seconds). Null when the user gives no path. */
    static CellDetectClient connectAsking(Component parent) throws IOException {
        try {
            return ServiceSettings.launcher().connectOrStart(Plugins.CLIENT_NAME);
        } catch (IOException notReachable) {
            String[] answer = new String[1];
            try {
                SwingUtilities.invokeAndWait(() -> answer[0] = JOptionPane.showInputDialog(parent, notReachable.getMessage()
                        + "\n\nThe celldetect program starts the CellDetect service. Its path:", ServiceSettings.executable()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (InvocationTargetException e) {
                throw new IOException(e.getCause());
            }
            if (answer[0] == null || answer[0].trim().isEmpty()) {
                return null;
            }
            ServiceSettings.saveExecutable(answer[0].trim());
            return ServiceSettings.launcher().connectOrStart(Plugins.CLIENT_NAME);
        }
    }

    /** Fills the form's choice fields from the service, in the background; leaves them as they are when it cannot be reached. */
    static void offerChoices(SettingsForm form, Component parent) {
        Thread thread = new Thread(() -> {
            try (CellDetectClient client = connectAsking(parent)) {
                if (client == null) {
                    return;
                }
                for (PluginParameter parameter : Plugins.DETECT_CELLS.parameters()) {
                    if (parameter.hasChoices()) {
                        List<String> choices = parameter.choices(client);
                        SwingUtilities.invokeLater(() -> form.offerChoices(parameter.name(), choices));
                    }
                }
            } catch (IOException unreachable) {
                // The fields still take typed values.
            }
        }, "CellDetect choices");
        thread.setDaemon(true);
        thread.start();
    }
}
