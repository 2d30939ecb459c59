package org.celldetect.micromanager;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import javax.swing.table.TableModel;

import org.celldetect.client.Check;
import org.celldetect.client.Point;
import org.celldetect.client.DetectionParameters;
import org.celldetect.host.FrameDetector;

/** The settings form and the results table, built without showing them (the tests run headless). */
public final class SwingTest {
    private SwingTest() {
    }

    public static void testTheFormHasAFieldPerParameterAndReadsThemBack() {
        DetectionParameters saved = new DetectionParameters(Plugins.DETECT_CELLS).set("stride", "2");
        SettingsForm form = new SettingsForm(Plugins.DETECT_CELLS, saved, FrameDetector.Policy.fromSettings(new HashMap<>()));
        Check.equal(2 * (Plugins.DETECT_CELLS.parameters().size() + 2), form.panel().getComponentCount(), "a label and a field per parameter and policy setting");
        Check.isTrue(form.field("model") instanceof JComboBox, "the model is chosen from a list");
        Check.equal("2", ((JTextField) form.field("stride")).getText(), "saved values are shown");
        ((JTextField) form.field("threshold")).setText("0.4");
        JCheckBox augmentation = (JCheckBox) form.field("testTimeAugmentation");
        Check.isTrue(!augmentation.isSelected(), "test-time augmentation is a checkbox, off by default");
        augmentation.setSelected(true);
        ((JTextField) form.field(SettingsForm.MAX_WAIT_LABEL)).setText("250");
        ((JComboBox<?>) form.field(SettingsForm.WHEN_BUSY_LABEL)).setSelectedItem("queue");
        Check.equal(0.4, form.parameters().value("threshold"), "threshold");
        Check.equal(Boolean.TRUE, form.parameters().value("testTimeAugmentation"), "test-time augmentation");
        Check.equal(250L, form.policy().maxWaitMillis, "wait");
        Check.equal(FrameDetector.WhenBusy.QUEUE, form.policy().whenBusy, "when busy");
    }

    public static void testWrongValuesAreReportedByField() {
        SettingsForm form = new SettingsForm(Plugins.DETECT_CELLS, new DetectionParameters(Plugins.DETECT_CELLS), FrameDetector.Policy.fromSettings(new HashMap<>()));
        ((JTextField) form.field("stride")).setText("fast");
        Check.equal("Stride: expected a whole number (1 to 64 px), or auto; got 'fast'",
                Check.throwsA(IllegalArgumentException.class, form::parameters, "stride").getMessage(), "message");
        ((JTextField) form.field(SettingsForm.MAX_WAIT_LABEL)).setText("-1");
        Check.isTrue(Check.throwsA(IllegalArgumentException.class, form::policy, "wait").getMessage().startsWith("Longest wait:"), "wait message");
    }

    public static void testModelChoicesFromTheServiceKeepWhatWasTyped() {
        SettingsForm form = new SettingsForm(Plugins.DETECT_CELLS, new DetectionParameters(Plugins.DETECT_CELLS).set("model", "/m/mine.cdmodel"), null);
        form.offerChoices("model", Arrays.asList("auto", "he-nuclei", "fluorescence-nuclei", "/m/mine.cdmodel"));
        JComboBox<?> model = (JComboBox<?>) form.field("model");
        Check.equal(4, model.getItemCount(), "offered");
        Check.equal("/m/mine.cdmodel", form.parameters().text("model"), "still the typed model");
        Check.isTrue(form.field(SettingsForm.MAX_WAIT_LABEL) == null, "no frame policy in the one-off form");
    }

    public static void testTheResultsTableAndCsv() {
        List<Point> points = Arrays.asList(new Point(1.5, 2.25, 0.9), new Point(10, 20, 0.5));
        TableModel table = ResultsWindow.table(points);
        Check.equal(2, table.getRowCount(), "rows");
        Check.equal("score", table.getColumnName(2), "columns");
        Check.equal(2.25, table.getValueAt(0, 1), "y of the first cell");
        Check.equal("x,y,score\n1.5000,2.2500,0.900000\n10.0000,20.0000,0.500000\n", ResultsWindow.csv(points), "CSV");
    }
}
