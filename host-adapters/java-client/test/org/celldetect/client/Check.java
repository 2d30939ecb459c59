package org.celldetect.client;

/** Assertions for the tests: each throws AssertionError with what was expected. */
final class Check {
    /** Code that is expected to throw. */
    interface Action {
        void run() throws Exception;
    }

    private Check() {
    }

    static void equal(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + TestRunner.describe(expected) + "> but was <" + TestRunner.describe(actual) + ">");
        }
    }

    static void isTrue(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static <T extends Throwable> T throwsA(Class<T> type, Action action, String what) {
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
