package org.celldetect.imagej;

import ij.IJ;

import org.celldetect.client.CancelWatcher;
import org.celldetect.client.ProgressListener;

/**
 * A detection's progress in ImageJ's status line and progress bar, and Esc as its cancel signal
 * (ImageJ sets the flag when Esc is pressed in any of its windows; DetectCells clears it before sending).
 */
final class ImageJProgress implements ProgressListener, CancelWatcher.Signal {
    @Override
    public void progress(long requestId, long done, long total, String stage) {
        IJ.showStatus("CellDetect: " + stage + (total > 1 ? " " + done + "/" + total : "") + " (Esc cancels)");
        // A full bar would vanish at once; the bar goes when the reply is shown.
        IJ.showProgress((int) Math.min(done, total - 1), (int) total);
    }

    @Override
    public boolean cancelRequested() {
        return IJ.escapePressed();
    }

    /** Removes the bar. */
    static void done() {
        IJ.showProgress(1.0);
    }
}
