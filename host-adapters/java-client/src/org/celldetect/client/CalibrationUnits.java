package org.celldetect.client;

import java.util.Locale;

/** Pixel sizes from a host's calibration (ImageJ, QuPath, Micro-Manager) in the micrometres the protocol takes. */
public final class CalibrationUnits {
    private CalibrationUnits() {
    }

    /**
     * The pixel size in micrometres; null when the unit is not a length this knows (ImageJ's
     * "pixel", "inch", an empty unit), so that no pixel size is sent rather than a wrong one.
     * Micrometres are spelt in many ways by hosts and files: "µm" (micro sign or Greek mu), "um",
     * "micron", "microns", "micrometer"; "nm" and "mm" are converted.
     */
    public static Double toMicrons(double size, String unit) {
        if (unit == null || !(size > 0) || Double.isInfinite(size)) {
            return null;
        }
        String name = unit.trim().toLowerCase(Locale.ROOT).replace('\u03bc', '\u00b5');
        switch (name) {
            case "\u00b5m":
            case "um":
            case "micron":
            case "microns":
            case "micrometer":
            case "micrometers":
            case "micrometre":
            case "micrometres":
                return size;
            case "nm":
            case "nanometer":
            case "nanometers":
                return size / 1000;
            case "mm":
            case "millimeter":
            case "millimeters":
                return size * 1000;
            default:
                return null;
        }
    }
}
