package org.celldetect.client;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** ServiceLauncher with stand-in executables: shell scripts, one of which runs FakeService. */
public final class ServiceLauncherTest {
    private ServiceLauncherTest() {
    }

    public static void testStartsTheServiceWhenNobodyAnswersAndConnectsWhereItIsReady() throws Throwable {
        File socket = ReplayServer.freshSocket();
        String classpath = System.getProperty("java.class.path");
        File java = new File(System.getProperty("java.home"), "bin/java");
        File executable = script("echo 'loading models'\nexec '" + java + "' -cp '" + classpath + "' " + FakeService.class.getName()
                + " '" + TestFiles.manifests() + "' \"$@\"\n");
        final List<String> log = Collections.synchronizedList(new ArrayList<String>());
        CellDetectClient client = new ServiceLauncher(executable, socket.getPath()).log(new ServiceLauncher.Log() {
            @Override
            public void line(String text) {
                log.add(text);
            }
        }).connectOrStart("test");
        Check.equal("0.1.0", client.server().get("serverVersion"), "the started service said hello");
        client.shutdown();
        client.close();
        Check.isTrue(log.contains("loading models") && log.contains("ready " + socket.getPath()), "the service's output is logged: " + log);
    }

    public static void testConnectsToARunningServiceWithoutStartingAnother() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer running = new ReplayServer(socket, TestFiles.example("hello"), null);
        try {
            File notAProgram = new File(socket.getPath() + ".missing");
            CellDetectClient client = new ServiceLauncher(notAProgram, socket.getPath()).connectOrStart("test");
            client.close();
            running.finish();
        } finally {
            running.close();
        }
    }

    public static void testAServiceThatStopsBeforeReadySaysWhy() throws Exception {
        final File executable = script("echo 'error: cannot load the model'\nexit 3\n");
        final File socket = ReplayServer.freshSocket();
        IOException thrown = Check.throwsA(IOException.class, new Check.Action() {
            @Override
            public void run() throws Exception {
                new ServiceLauncher(executable, socket.getPath()).log(quiet()).connectOrStart("test");
            }
        }, "a failed start");
        Check.isTrue(thrown.getMessage().contains("status 3") && thrown.getMessage().contains("cannot load the model"), thrown.getMessage());
    }

    public static void testAServiceThatNeverReportsReadyTimesOut() throws Exception {
        final File executable = script("sleep 30\n");
        final File socket = ReplayServer.freshSocket();
        IOException thrown = Check.throwsA(IOException.class, new Check.Action() {
            @Override
            public void run() throws Exception {
                new ServiceLauncher(executable, socket.getPath()).startTimeout(300).log(quiet()).connectOrStart("test");
            }
        }, "a start without ready");
        Check.isTrue(thrown.getMessage().contains("did not report ready"), thrown.getMessage());
    }

    private static ServiceLauncher.Log quiet() {
        return new ServiceLauncher.Log() {
            @Override
            public void line(String text) {
            }
        };
    }

    private static File script(String body) throws IOException {
        File file = File.createTempFile("celldetect-fake", ".sh");
        file.deleteOnExit();
        Writer writer = new OutputStreamWriter(new FileOutputStream(file), StandardCharsets.UTF_8);
        try {
            writer.write("#!/bin/sh\n" + body);
        } finally {
            writer.close();
        }
        Check.isTrue(file.setExecutable(true), "cannot make " + file + " executable");
        return file;
    }
}
