package org.celldetect.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

import java.io.File;

/**
 * Makes, with ImageJ itself, the images the tests need beyond the samples, beside the 8-bit
 * fluorescence sample: a 16-bit stack of 3 slices (the sample, flipped left-right, flipped
 * upside down: each slice finds different cells, so a test sees which one was sent) and a 32-bit
 * copy. Usage: {@code MakeTestImages FLUORESCENCE_SAMPLE.tif}.
 */
public final class MakeTestImages {
    static final String STACK = "fluo-stack16.tif";
    static final String FLOAT = "fluo-float32.tif";

    private MakeTestImages() {
    }

    public static void main(String[] args) {
        File sample = new File(args[0]);
        ImagePlus eightBit = IJ.openImage(sample.getPath());
        ImageProcessor sixteenBit = eightBit.getProcessor().convertToShort(false);
        ImageStack stack = new ImageStack(sixteenBit.getWidth(), sixteenBit.getHeight());
        stack.addSlice("as acquired", sixteenBit);
        ImageProcessor leftRight = sixteenBit.duplicate();
        leftRight.flipHorizontal();
        stack.addSlice("flipped left-right", leftRight);
        ImageProcessor upsideDown = sixteenBit.duplicate();
        upsideDown.flipVertical();
        stack.addSlice("flipped upside down", upsideDown);
        save(new ImagePlus("fluo-stack16", stack), new File(sample.getParentFile(), STACK));
        save(new ImagePlus("fluo-float32", eightBit.getProcessor().convertToFloat()), new File(sample.getParentFile(), FLOAT));
    }

    private static void save(ImagePlus image, File file) {
        boolean saved = image.getStackSize() > 1 ? new FileSaver(image).saveAsTiffStack(file.getPath()) : new FileSaver(image).saveAsTiff(file.getPath());
        if (!saved) {
            throw new IllegalStateException("ImageJ could not write " + file);
        }
    }
}
