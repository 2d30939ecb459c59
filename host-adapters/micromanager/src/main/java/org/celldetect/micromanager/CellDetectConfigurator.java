package org.celldetect.micromanager;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.Map;

import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;

import org.celldetect.client.DetectionParameters;
import org.celldetect.host.AdapterManifest;
import org.celldetect.host.FrameDetector;
import org.micromanager.PropertyMap;
import org.micromanager.Studio;
import org.micromanager.data.ProcessorConfigurator;

/**
 * The processor's settings window: plugin.json's parameters and the frame policy. Apply checks
 * them and has Micro-Manager rebuild the pipeline with them.
 */
final class CellDetectConfigurator extends JFrame implements ProcessorConfigurator {
    private static final long serialVersionUID = 1L;

    private final transient Studio studio;
    private final SettingsForm form;
    private final JLabel problem = new JLabel(" ");
    private transient DetectionParameters applied;
    private transient FrameDetector.Policy appliedPolicy;

    CellDetectConfigurator(Studio studio, PropertyMap saved) {
        super(Plugins.MANIFEST.name() + ": " + Plugins.DETECT_CELLS.title());
        this.studio = studio;
        Map<String, String> texts = Plugins.read(saved);
        applied = AdapterManifest.restore(Plugins.DETECT_CELLS, texts);
        appliedPolicy = Plugins.policy(texts);
        form = new SettingsForm(Plugins.DETECT_CELLS, applied, appliedPolicy);
        JButton apply = new JButton("Apply");
        apply.addActionListener(event -> apply());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING));
        buttons.add(problem);
        buttons.add(apply);
        getContentPane().add(form.panel(), BorderLayout.CENTER);
        getContentPane().add(buttons, BorderLayout.SOUTH);
        pack();
    }

    @Override
    public void showGUI() {
        setVisible(true);
        ServiceConnection.offerChoices(form, this);
    }

    @Override
    public void cleanup() {
        dispose();
    }

    @Override
    public PropertyMap getSettings() {
        return Plugins.write(applied, appliedPolicy);
    }

    private void apply() {
        try {
            DetectionParameters settings = form.parameters();
            FrameDetector.Policy policy = form.policy();
            applied = settings;
            appliedPolicy = policy;
            problem.setText(" ");
            studio.data().notifyPipelineChanged();
        } catch (IllegalArgumentException wrong) {
            problem.setText(wrong.getMessage());
        }
    }
}
