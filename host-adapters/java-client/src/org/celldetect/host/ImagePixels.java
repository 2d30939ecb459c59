package org.celldetect.host;

import java.io.IOException;

import org.celldetect.client.CellDetectClient;
import org.celldetect.client.DetectOptions;
import org.celldetect.client.DetectResult;
import org.celldetect.client.PixelLayout;
import org.celldetect.client.ProgressListener;

/**
 * An image's pixels as the protocol sends them: row-major from the top-left, channels interleaved,
 * unsigned 8-bit ({@code byte[]}), unsigned 16-bit ({@code short[]}) or 32-bit float ({@code float[]}).
 * Hosts convert their images into this once; the detection classes take nothing else.
 */
public final class ImagePixels {
    private final Object samples;
    private final int width;
    private final int height;
    private final int channels;

    private ImagePixels(Object samples, int length, int width, int height, int channels) {
        if (width < 1 || height < 1 || channels < 1 || channels > 4) {
            throw new IllegalArgumentException("Images are at least 1 x 1 with 1 to 4 channels, not " + width + " x " + height + " x " + channels);
        }
        if (length != (long) width * height * channels) {
            throw new IllegalArgumentException(width + " x " + height + " x " + channels + " needs " + (long) width * height * channels
                    + " samples, not " + length);
        }
        this.samples = samples;
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    public static ImagePixels of(byte[] samples, int width, int height, int channels) {
        return new ImagePixels(samples, samples.length, width, height, channels);
    }

    public static ImagePixels of(short[] samples, int width, int height, int channels) {
        return new ImagePixels(samples, samples.length, width, height, channels);
    }

    public static ImagePixels of(float[] samples, int width, int height, int channels) {
        return new ImagePixels(samples, samples.length, width, height, channels);
    }

    /**
     * RGB from 4 bytes per pixel in the order blue, green, red, unused: how Micro-Manager's RGB32
     * images hold colour. The service would read 4 channels as RGBA, so the order is fixed here and
     * the fourth byte dropped.
     */
    public static ImagePixels rgbFromBgra(byte[] bgra, int width, int height) {
        if (bgra.length != 4L * width * height) {
            throw new IllegalArgumentException(width + " x " + height + " BGRA pixels are " + 4L * width * height + " bytes, not " + bgra.length);
        }
        byte[] rgb = new byte[3 * width * height];
        for (int pixel = 0, in = 0, out = 0; pixel < width * height; pixel++, in += 4, out += 3) {
            rgb[out] = bgra[in + 2];
            rgb[out + 1] = bgra[in + 1];
            rgb[out + 2] = bgra[in];
        }
        return of(rgb, width, height, 3);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** The samples: byte[], short[] or float[]. */
    public Object samples() {
        return samples;
    }

    /** Sends the pixels to the service; points come in this image's pixel-centre coordinates. */
    public DetectResult detect(CellDetectClient client, DetectOptions options, ProgressListener progress) throws IOException {
        if (samples instanceof byte[]) {
            return client.detectPixels((byte[]) samples, width, height, channels, PixelLayout.INTERLEAVED, options, progress);
        }
        if (samples instanceof short[]) {
            return client.detectPixels((short[]) samples, width, height, channels, PixelLayout.INTERLEAVED, options, progress);
        }
        return client.detectPixels((float[]) samples, width, height, channels, PixelLayout.INTERLEAVED, options, progress);
    }
}
