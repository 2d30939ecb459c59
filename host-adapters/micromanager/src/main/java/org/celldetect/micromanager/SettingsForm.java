package org.celldetect.micromanager;

import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;

import org.celldetect.client.DetectionParameters;
import org.celldetect.client.PluginCommand;
import org.celldetect.client.PluginParameter;
import org.celldetect.host.AdapterManifest;
import org.celldetect.host.FrameDetector;

/**
 * A Swing form with a field per plugin.json parameter (an editable list where the parameter's
 * choices come from the service, a checkbox for a boolean, else a text field taking "auto" or a value) and, for the
 * acquisition processor, the frame policy. Values are checked when read, by DetectionParameters and
 * FrameDetector.Policy, whose messages name the field.
 */
final class SettingsForm {
    static final String WHEN_BUSY_LABEL = "When the service is busy";
    static final String MAX_WAIT_LABEL = "Longest wait per image (ms)";

    private final PluginCommand command;
    private final JPanel panel = new JPanel(new GridBagLayout());
    private final Map<String, JComponent> fields = new LinkedHashMap<>();
    private final JComboBox<String> whenBusy;
    private final JTextField maxWait;

    /** @param policy the frame policy to edit; null for a form without it (one-off detection) */
    SettingsForm(PluginCommand command, DetectionParameters parameters, FrameDetector.Policy policy) {
        this.command = command;
        for (PluginParameter parameter : command.parameters()) {
            JComponent field;
            if (parameter.hasChoices()) {
                JComboBox<String> choices = new JComboBox<>(new String[] {parameters.text(parameter.name())});
                choices.setEditable(true);
                field = choices;
            } else if (parameter.type() == PluginParameter.Type.BOOLEAN) {
                field = new JCheckBox("", Boolean.parseBoolean(parameters.text(parameter.name())));
            } else {
                field = new JTextField(parameters.text(parameter.name()), 12);
            }
            addRow(AdapterManifest.label(parameter), field, AdapterManifest.tooltip(parameter));
            fields.put(parameter.name(), field);
        }
        if (policy == null) {
            whenBusy = null;
            maxWait = null;
            return;
        }
        whenBusy = new JComboBox<>(new String[] {FrameDetector.WhenBusy.SKIP.value(), FrameDetector.WhenBusy.QUEUE.value()});
        whenBusy.setSelectedItem(policy.whenBusy.value());
        addRow(WHEN_BUSY_LABEL, whenBusy, "skip: an image is not detected while the service works for someone else. "
                + "queue: it waits in the service's queue. Either way no image waits longer than the longest wait.");
        maxWait = new JTextField(String.valueOf(policy.maxWaitMillis), 12);
        addRow(MAX_WAIT_LABEL, maxWait, "How long an image may wait for its cells before it is passed on without them. "
                + "Shorter than the time between images, the camera is never held up.");
    }

    JPanel panel() {
        return panel;
    }

    /** Offers the service's values (e.g. its models) in a choice field, keeping what is typed there. */
    void offerChoices(String name, List<String> choices) {
        @SuppressWarnings("unchecked")
        JComboBox<String> field = (JComboBox<String>) fields.get(name);
        Object current = field.getEditor().getItem();
        field.removeAllItems();
        choices.forEach(field::addItem);
        field.setSelectedItem(current);
    }

    /** The parameters' values; IllegalArgumentException naming the first wrong field. */
    DetectionParameters parameters() {
        DetectionParameters parameters = new DetectionParameters(command);
        fields.forEach((name, field) -> parameters.set(name, text(field)));
        return parameters;
    }

    /** The frame policy; IllegalArgumentException when the wait is not a valid number. */
    FrameDetector.Policy policy() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(FrameDetector.Policy.WHEN_BUSY, String.valueOf(whenBusy.getSelectedItem()));
        texts.put(FrameDetector.Policy.MAX_WAIT_MILLIS, maxWait.getText());
        return FrameDetector.Policy.fromSettings(texts);
    }

    /** A field by parameter name or policy label, for tests. */
    JComponent field(String nameOrLabel) {
        return WHEN_BUSY_LABEL.equals(nameOrLabel) ? whenBusy : MAX_WAIT_LABEL.equals(nameOrLabel) ? maxWait : fields.get(nameOrLabel);
    }

    private static String text(JComponent field) {
        if (field instanceof JCheckBox) {
            return String.valueOf(((JCheckBox) field).isSelected());
        }
        return field instanceof JTextField ? ((JTextField) field).getText() : String.valueOf(((JComboBox<?>) field).getEditor().getItem());
    }

    private void addRow(String label, JComponent field, String help) {
        JLabel name = new JLabel(label);
        name.setToolTipText(help);
        field.setToolTipText(help);
        GridBagConstraints at = new GridBagConstraints();
        at.gridy = panel.getComponentCount() / 2;
        at.insets = new Insets(2, 4, 2, 4);
        at.anchor = GridBagConstraints.LINE_START;
        panel.add(name, at);
        at.fill = GridBagConstraints.HORIZONTAL;
        at.weightx = 1;
        panel.add(field, at);
    }
}
