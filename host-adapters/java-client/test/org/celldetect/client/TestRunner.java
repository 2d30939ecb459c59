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
 * "test" in the classes below, or in the classes named after the manifests folder (the host
 * adapters' tests). Usage: {@code java TestRunner MANIFESTS_FOLDER [TEST_CLASS...]}. Last line:
 * "N passed, N failed"; exit status 1 when any failed.
 */
public final class TestRunner {
    private static final Class<?>[] TEST_CLASSES = {JsonTest.class, FrameTest.class, ClientTest.class, ServiceLauncherTest.class,
        PluginManifestTest.class, CancelWatcherTest.class, org.celldetect.host.SettingsTest.class, org.celldetect.host.TilingTest.class,
        org.celldetect.host.FakeServiceTest.class, org.celldetect.host.RealServiceTest.class, org.celldetect.host.ImageJManifestTest.class};

    private TestRunner() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: java org.celldetect.client.TestRunner MANIFESTS_FOLDER [TEST_CLASS...]");
            System.exit(2);
        }
        TestFiles.setManifests(args[0]);
        List<Class<?>> testClasses = new ArrayList<Class<?>>();
        try {
            for (int i = 1; i < args.length; i++) {
                testClasses.add(Class.forName(args[i]));
            }
        } catch (ClassNotFoundException e) {
            System.out.println("no test class " + e.getMessage());
            System.out.println("0 passed, 1 failed");
            System.exit(1);
        }
        if (testClasses.isEmpty()) {
            testClasses.addAll(Arrays.asList(TEST_CLASSES));
        }
        int passed = 0;
        int failed = 0;
        for (Class<?> testClass : testClasses) {
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
