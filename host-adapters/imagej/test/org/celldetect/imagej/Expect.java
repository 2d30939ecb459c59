package org.celldetect.imagej;

import java.util.ArrayList;
import java.util.List;

/** Assertions; each throws AssertionError saying what was expected. */
final class Expect {
    private Expect() {
    }

    static void isTrue(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static void equal(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }

    static void near(double expected, double actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= tolerance)) {
            throw new AssertionError(what + ": expected " + expected + " +- " + tolerance + " but was " + actual);
        }
    }

    /**
     * The same points, in any order: as many, and each expected one within {@code tolerance} in x and
     * y of its own actual one (cells lie pixels apart, so the nearest is the one).
     */
    static void samePoints(List<double[]> expected, List<double[]> actual, double tolerance, String what) {
        equal(expected.size(), actual.size(), what + ": number of points");
        List<double[]> unmatched = new ArrayList<double[]>(actual);
        for (double[] point : expected) {
            double[] nearest = null;
            double best = Double.MAX_VALUE;
            for (double[] candidate : unmatched) {
                double distance = Math.max(Math.abs(candidate[0] - point[0]), Math.abs(candidate[1] - point[1]));
                if (distance < best) {
                    best = distance;
                    nearest = candidate;
                }
            }
            if (best > tolerance) {
                throw new AssertionError(what + ": no point within " + tolerance + " of (" + point[0] + ", " + point[1] + "); nearest "
                        + (nearest == null ? "none" : "(" + nearest[0] + ", " + nearest[1] + ")"));
            }
            unmatched.remove(nearest);
        }
    }
}
