package org.celldetect.host;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Java's BufferedImage (what QuPath's ImageServer.readRegion returns) as protocol pixels, whatever
 * its raster layout: packed RGB ints, interleaved or banded bytes, 16-bit, float.
 */
public final class BufferedImagePixels {
    private BufferedImagePixels() {
    }

    /**
     * The first {@code channels} bands, interleaved: 3 for RGB (an alpha band is dropped), 1 for one
     * channel. 8-bit samples become u8, up to 16 bits u16, wider integers and floating point f32.
     */
    public static ImagePixels of(BufferedImage image, int channels) {
        Raster raster = image.getRaster();
        if (channels < 1 || channels > raster.getNumBands()) {
            throw new IllegalArgumentException("The image has " + raster.getNumBands() + " bands; cannot send " + channels);
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bits = 0;
        for (int band = 0; band < channels; band++) {
            bits = Math.max(bits, raster.getSampleModel().getSampleSize(band));
        }
        int type = raster.getTransferType();
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE || bits > 16) {
            float[] samples = new float[width * height * channels];
            float[] band = new float[width * height];
            for (int c = 0; c < channels; c++) {
                raster.getSamples(raster.getMinX(), raster.getMinY(), width, height, c, band);
                for (int i = 0; i < band.length; i++) {
                    samples[i * channels + c] = band[i];
                }
            }
            return ImagePixels.of(samples, width, height, channels);
        }
        int[] band = new int[width * height];
        if (bits <= 8) {
            byte[] samples = new byte[width * height * channels];
            for (int c = 0; c < channels; c++) {
                raster.getSamples(raster.getMinX(), raster.getMinY(), width, height, c, band);
                for (int i = 0; i < band.length; i++) {
                    samples[i * channels + c] = (byte) band[i];
                }
            }
            return ImagePixels.of(samples, width, height, channels);
        }
        short[] samples = new short[width * height * channels];
        for (int c = 0; c < channels; c++) {
            raster.getSamples(raster.getMinX(), raster.getMinY(), width, height, c, band);
            for (int i = 0; i < band.length; i++) {
                samples[i * channels + c] = (short) band[i];
            }
        }
        return ImagePixels.of(samples, width, height, channels);
    }
}
