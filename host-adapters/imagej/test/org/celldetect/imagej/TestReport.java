package org.celldetect.imagej;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs named checks, printing "ok NAME (ms)" or "FAIL NAME: why" and at the end "N passed, N failed"
 * (test.sh adds these lines up). No JUnit: ImageJ's classpath is all there is.
 */
final class TestReport {
    /** One check; it fails by throwing. */
    interface Check {
        void run() throws Exception;
    }

    private int passed;
    private int failed;

    /** Runs every public static no-argument method named test* of a class, by name: they must not depend on each other. */
    static int runAll(Class<?> tests) {
        TestReport report = new TestReport();
        List<Method> methods = new ArrayList<Method>();
        for (Method method : tests.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (method.getName().startsWith("test") && Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers)
                    && method.getParameterTypes().length == 0) {
                methods.add(method);
            }
        }
        methods.sort(new Comparator<Method>() {
            @Override
            public int compare(Method a, Method b) {
                return a.getName().compareTo(b.getName());
            }
        });
        for (final Method method : methods) {
            report.check(tests.getSimpleName() + "." + method.getName(), new Check() {
                @Override
                public void run() throws Exception {
                    try {
                        method.invoke(null);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : new RuntimeException(e.getCause());
                    }
                }
            });
        }
        return report.finish();
    }

    /** Runs one check; false when it failed. */
    boolean check(String name, Check check) {
        long start = System.nanoTime();
        try {
            check.run();
            passed++;
            System.out.println("ok   " + name + " (" + (System.nanoTime() - start) / 1000000 + " ms)");
            return true;
        } catch (Exception | AssertionError e) {
            failed++;
            System.out.println("FAIL " + name + ": " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().startsWith("org.celldetect")) {
                    System.out.println("       at " + frame);
                }
            }
            return false;
        } finally {
            System.out.flush();
        }
    }

    /** Prints the summary line; returns how many checks failed. */
    int finish() {
        System.out.println(passed + " passed, " + failed + " failed");
        System.out.flush();
        return failed;
    }
}
