package org.celldetect.micromanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.micromanager.PropertyMap;
import org.micromanager.data.Image;
import org.micromanager.data.Metadata;
import org.micromanager.data.ProcessorContext;

/**
 * Test doubles of the Micro-Manager interfaces the processor touches, implementing the stubs'
 * members the way mmstudio's DefaultImage, DefaultMetadata and DefaultPropertyMap behave for them:
 * images and metadata are immutable, copies share the pixels.
 */
final class FakeMicroManager {
    private FakeMicroManager() {
    }

    static final class FakePropertyMap implements PropertyMap {
        final Map<String, Object> values;

        FakePropertyMap(Map<String, Object> values) {
            this.values = new LinkedHashMap<>(values);
        }

        @Override
        public Builder copyBuilder() {
            return new FakePropertyMapBuilder(values);
        }

        @Override
        public String getString(String key, String aDefault) {
            return values.get(key) instanceof String ? (String) values.get(key) : aDefault;
        }
    }

    static final class FakePropertyMapBuilder implements PropertyMap.Builder {
        private final Map<String, Object> values;

        FakePropertyMapBuilder(Map<String, Object> values) {
            this.values = new LinkedHashMap<>(values);
        }

        @Override
        public PropertyMap.Builder putInteger(String key, Integer value) {
            values.put(key, value);
            return this;
        }

        @Override
        public PropertyMap.Builder putDouble(String key, Double value) {
            values.put(key, value);
            return this;
        }

        @Override
        public PropertyMap.Builder putDoubleList(String key, double... list) {
            values.put(key, list.clone());
            return this;
        }

        @Override
        public PropertyMap.Builder putString(String key, String value) {
            values.put(key, value);
            return this;
        }

        @Override
        public PropertyMap.Builder remove(String key) {
            values.remove(key);
            return this;
        }

        @Override
        public PropertyMap build() {
            return new FakePropertyMap(values);
        }
    }

    static final class FakeMetadata implements Metadata {
        final Double pixelSizeUm;
        final PropertyMap userData;

        FakeMetadata(Double pixelSizeUm, PropertyMap userData) {
            this.pixelSizeUm = pixelSizeUm;
            this.userData = userData;
        }

        @Override
        public Builder copyBuilderPreservingUUID() {
            final PropertyMap[] data = {userData};
            return new Builder() {
                @Override
                public Builder userData(PropertyMap userData) {
                    data[0] = userData;
                    return this;
                }

                @Override
                public Metadata build() {
                    return new FakeMetadata(pixelSizeUm, data[0]);
                }
            };
        }

        @Override
        public Double getPixelSizeUm() {
            return pixelSizeUm;
        }

        @Override
        public PropertyMap getUserData() {
            return userData;
        }
    }

    static final class FakeImage implements Image {
        final Object raw;
        final int width;
        final int height;
        final int bytesPerPixel;
        final int components;
        final Metadata metadata;

        FakeImage(Object raw, int width, int height, int bytesPerPixel, int components, Metadata metadata) {
            this.raw = raw;
            this.width = width;
            this.height = height;
            this.bytesPerPixel = bytesPerPixel;
            this.components = components;
            this.metadata = metadata;
        }

        @Override
        public Image copyWithMetadata(Metadata newMetadata) {
            return new FakeImage(raw, width, height, bytesPerPixel, components, newMetadata);
        }

        @Override
        public Metadata getMetadata() {
            return metadata;
        }

        @Override
        public int getWidth() {
            return width;
        }

        @Override
        public int getHeight() {
            return height;
        }

        @Override
        public int getBytesPerPixel() {
            return bytesPerPixel;
        }

        @Override
        public int getNumComponents() {
            return components;
        }

        @Override
        public Object getRawPixels() {
            return raw;
        }
    }

    /** Collects what the processor passes on. */
    static final class Collector implements ProcessorContext {
        final List<Image> images = new ArrayList<>();

        @Override
        public void outputImage(Image image) {
            images.add(image);
        }
    }

    static Map<String, Object> userData(Image image) {
        return ((FakePropertyMap) image.getMetadata().getUserData()).values;
    }

    /** An 8-bit gray frame with marker pixels (the stand-in service's cells) at each (x, y). */
    static FakeImage gray8(int width, int height, int[][] cells, Map<String, Object> userData) {
        byte[] raw = new byte[width * height];
        for (int[] cell : cells) {
            raw[cell[1] * width + cell[0]] = (byte) 255;
        }
        return new FakeImage(raw, width, height, 1, 1, new FakeMetadata(null, new FakePropertyMap(userData)));
    }
}
