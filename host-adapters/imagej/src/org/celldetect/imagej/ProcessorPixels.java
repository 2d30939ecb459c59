package org.celldetect.imagej;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.PixelLayout;
import org.celldetect.client.ProgressListener;

import java.io.IOException;

/**
 * Sends an ImageProcessor's raw pixels to detect: 8-bit as u8, 16-bit as u16, 32-bit as f32 (the
 * arrays as they are, no copy) and RGB as three interleaved u8 channels. Display settings (LUT,
 * brightness and contrast) are not applied: the service normalises the pixels itself.
 */
final class ProcessorPixels {
    private ProcessorPixels() {
    }

    static DetectResult detect(CellDetectClient client, ImageProcessor processor, DetectOptions options, ProgressListener progress)
            throws IOException {
        int width = processor.getWidth();
        int height = processor.getHeight();
        if (processor instanceof ByteProcessor) {
            return client.detectPixels((byte[]) processor.getPixels(), width, height, 1, PixelLayout.INTERLEAVED, options, progress);
        }
        if (processor instanceof ShortProcessor) {
            return client.detectPixels((short[]) processor.getPixels(), width, height, 1, PixelLayout.INTERLEAVED, options, progress);
        }
        if (processor instanceof FloatProcessor) {
            return client.detectPixels((float[]) processor.getPixels(), width, height, 1, PixelLayout.INTERLEAVED, options, progress);
        }
        if (processor instanceof ColorProcessor) {
            return client.detectPixels(rgb((int[]) processor.getPixels()), width, height, 3, PixelLayout.INTERLEAVED, options, progress);
        }
        throw new IllegalArgumentException("CellDetect takes 8-bit, 16-bit, 32-bit and RGB images, not " + processor.getClass().getSimpleName());
    }

    /** ImageJ's packed 0xAARRGGBB pixels as R, G, B bytes per pixel. */
    private static byte[] rgb(int[] packed) {
        byte[] bytes = new byte[packed.length * 3];
        for (int i = 0, j = 0; i < packed.length; i++) {
            int pixel = packed[i];
            bytes[j++] = (byte) (pixel >> 16);
            bytes[j++] = (byte) (pixel >> 8);
            bytes[j++] = (byte) pixel;
        }
        return bytes;
    }
}
