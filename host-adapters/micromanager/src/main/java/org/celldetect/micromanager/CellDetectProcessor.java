package org.celldetect.micromanager;

import org.celldetect.host.FrameDetector;
import org.celldetect.host.FrameOutcome;
import org.micromanager.data.Image;
import org.micromanager.data.Processor;
import org.micromanager.data.ProcessorContext;

/**
 * Passes every image on unchanged, its user data holding its own cells or why it has none
 * (FrameOutcome's keys). FrameDetector bounds how long an image is held.
 */
final class CellDetectProcessor implements Processor {
    private final FrameDetector detector;

    CellDetectProcessor(FrameDetector detector) {
        this.detector = detector;
    }

    @Override
    public void processImage(Image image, ProcessorContext context) {
        FrameOutcome outcome;
        try {
            outcome = detector.detect(MicroManagerFrames.pixels(image), image.getMetadata().getPixelSizeUm());
        } catch (IllegalArgumentException unsupported) {
            outcome = FrameOutcome.failed(unsupported.getMessage());
        }
        context.outputImage(image.copyWithMetadata(MicroManagerFrames.withOutcome(image.getMetadata(), outcome)));
    }

    /** End of the acquisition: closes the connection, which cancels anything still running. */
    @Override
    public void cleanup(ProcessorContext context) {
        detector.close();
    }
}
