package org.celldetect.client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the tests without JUnit: every public static no-argument method whose name starts with
 * "test" in the classes below. Usage: {@code java TestRunner MANIFESTS_FOLDER}. Last line:
 * "N passed, N failed"; exit status 1 when any failed.
 */
public final class TestRunner {
    private static final Class<?>[] TEST_CLASSES = {JsonTest.class, FrameTest.class, ClientTest.class, ServiceLauncherTest.class,
        PluginManifestTest.class, CancelWatcherTest.class};

    private TestRunner() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java org.celldetect.client.TestRunner MANIFESTS_FOLDER");
            System.exit(2);
        }
        TestFiles.setManifests(args[0]);
        int passed = 0;
        int failed = 0;
        for (Class<?> testClass : TEST_CLASSES) {
            for (Method test : testsOf(testClass)) {
                String name = testClass.getSimpleName() + "." + test.getName();
                try {
                    test.invoke(null);
                    passed++;
                    System.out.println("ok   " + name);
                } catch (InvocationTargetException e) {
                    failed++;
                    System.out.println("FAIL " + name + ": " + e.getCause());
                    for (StackTraceElement frame : e.getCause().getStackTrace()) {
                        if (frame.getClassName().startsWith("org.celldetect")) {
                            System.out.println("       at " + frame);
                        }
                    }
                } catch (IllegalAccessException e) {
                    failed++;
                    System.out.println("FAIL " + name + ": " + e);
                }
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static List<Method> testsOf(Class<?> testClass) {
        List<Method> tests = new ArrayList<Method>();
        for (Method method : testClass.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (method.getName().startsWith("test") && Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers) && method.getParameterTypes().length == 0) {
                tests.add(method);
            }
        }
        tests.sort(new Comparator<Method>() {
            @Override
            public int compare(Method a, Method b) {
                return a.getName().compareTo(b.getName());
            }
        });
        return tests;
    }

    /** For failure messages. */
    static String describe(Object value) {
        return value instanceof Object[] ? Arrays.deepToString((Object[]) value) : String.valueOf(value);
    }
}
