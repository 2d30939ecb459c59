package org.celldetect.micromanager;

import java.awt.BorderLayout;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.util.List;
import java.util.Locale;

import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.TableModel;

import org.celldetect.client.DetectResult;
import org.celldetect.client.Point;

/** The cells of one image in a table (x, y, score), with the count and model above it and a button copying them as CSV. */
final class ResultsWindow {
    private ResultsWindow() {
    }

    static void show(String imageName, DetectResult result) {
        JFrame frame = new JFrame("CellDetect: " + result.count() + " cells in " + imageName);
        JPanel content = new JPanel(new BorderLayout());
        content.add(new JLabel(summary(result)), BorderLayout.NORTH);
        content.add(new JScrollPane(new JTable(table(result.points()))), BorderLayout.CENTER);
        JButton copy = new JButton("Copy as CSV");
        copy.addActionListener(event -> Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(csv(result.points())), null));
        content.add(copy, BorderLayout.SOUTH);
        frame.setContentPane(content);
        frame.pack();
        frame.setVisible(true);
    }

    static String summary(DetectResult result) {
        return String.format(Locale.ROOT, "%d cells; model %s (%s), stride %d, threshold %.3f; %.0f ms", result.count(), result.modelName(),
                result.modelReason(), result.stride(), result.threshold(), result.timing("totalMs"));
    }

    /** x, y in image pixels with (0, 0) the centre of the top-left pixel, as in the acquisition metadata. */
    static TableModel table(final List<Point> points) {
        return new AbstractTableModel() {
            private final String[] columns = {"x", "y", "score"};

            @Override
            public int getRowCount() {
                return points.size();
            }

            @Override
            public int getColumnCount() {
                return columns.length;
            }

            @Override
            public String getColumnName(int column) {
                return columns[column];
            }

            @Override
            public Class<?> getColumnClass(int column) {
                return Double.class;
            }

            @Override
            public Object getValueAt(int row, int column) {
                Point point = points.get(row);
                return column == 0 ? point.x : column == 1 ? point.y : point.score;
            }
        };
    }

    /** The CSV celldetect detect writes: x,y,score. */
    static String csv(List<Point> points) {
        StringBuilder text = new StringBuilder("x,y,score\n");
        for (Point point : points) {
            text.append(String.format(Locale.ROOT, "%.4f,%.4f,%.6f\n", point.x, point.y, point.score));
        }
        return text.toString();
    }
}
