package org.celldetect.client;

/** Assertions for the tests: each throws AssertionError with what was expected. */
public final class Check {
    /** Code that is expected to throw. */
    public interface Action {
        void run() throws Exception;
    }

    private Check() {
    }

    public static void equal(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + TestRunner.describe(expected) + "> but was <" + TestRunner.describe(actual) + ">");
        }
    }

    public static void isTrue(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    public static <T extends Throwable> T throwsA(Class<T> type, Action action, String what) {
        try {
            action.run();
        } catch (Throwable thrown) {
            if (type.isInstance(thrown)) {
                return type.cast(thrown);
            }
            throw new AssertionError(what + ": expected " + type.getSimpleName() + " but got " + thrown, thrown);
        }
        throw new AssertionError(what + ": expected " + type.getSimpleName() + " but nothing was thrown");
    }
}
