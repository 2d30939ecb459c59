package org.celldetect.micromanager;

import java.util.Map;

import org.celldetect.host.FrameOutcome;
import org.celldetect.host.ImagePixels;
import org.micromanager.PropertyMap;
import org.micromanager.data.Image;
import org.micromanager.data.Metadata;

/** Micro-Manager images to protocol pixels, and a frame's outcome into its metadata's user data. */
final class MicroManagerFrames {
    private MicroManagerFrames() {
    }

    /**
     * The frame's pixels as sent: 8- or 16-bit gray as they are, RGB32 (blue, green, red, unused
     * bytes) as interleaved RGB. IllegalArgumentException for other layouts.
     */
    static ImagePixels pixels(Image image) {
        Object raw = image.getRawPixels();
        if (image.getNumComponents() == 1 && raw instanceof byte[]) {
            return ImagePixels.of((byte[]) raw, image.getWidth(), image.getHeight(), 1);
        }
        if (image.getNumComponents() == 1 && raw instanceof short[]) {
            return ImagePixels.of((short[]) raw, image.getWidth(), image.getHeight(), 1);
        }
        if (image.getNumComponents() == 3 && image.getBytesPerPixel() == 4 && raw instanceof byte[]) {
            return ImagePixels.rgbFromBgra((byte[]) raw, image.getWidth(), image.getHeight());
        }
        throw new IllegalArgumentException("CellDetect takes 8- and 16-bit gray and 8-bit RGB images, not " + image.getNumComponents()
                + " components in " + image.getBytesPerPixel() + " bytes per pixel");
    }

    /** The metadata with the outcome in its user data, replacing any earlier CellDetect keys. */
    static Metadata withOutcome(Metadata metadata, FrameOutcome outcome) {
        PropertyMap.Builder builder = metadata.getUserData().copyBuilder();
        for (String key : FrameOutcome.keys()) {
            builder.remove(key);
        }
        for (Map.Entry<String, Object> entry : outcome.metadata().entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Integer) {
                builder.putInteger(entry.getKey(), (Integer) value);
            } else if (value instanceof Double) {
                builder.putDouble(entry.getKey(), (Double) value);
            } else if (value instanceof double[]) {
                builder.putDoubleList(entry.getKey(), (double[]) value);
            } else {
                builder.putString(entry.getKey(), String.valueOf(value));
            }
        }
        return metadata.copyBuilderPreservingUUID().userData(builder.build()).build();
    }
}
