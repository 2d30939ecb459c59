package org.celldetect.client;

/** How channels are arranged in a pixel payload. */
public enum PixelLayout {
    /** Per pixel all its channels (RGB RGB ...). */
    INTERLEAVED("interleaved"),
    /** The whole first channel, then the next (as an ImageJ stack of channels). */
    PLANAR("planar");

    private final String wireName;

    PixelLayout(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the protocol's {@code pixels.layout}. */
    public String wireName() {
        return wireName;
    }
}
