package org.celldetect.client;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** CancelWatcher against the specification's cancel example: detect, a progress notification, cancel. */
public final class CancelWatcherTest {
    private CancelWatcherTest() {
    }

    public static void testASignalUpBeforeTheFirstNotificationCancelsAtIt() throws Throwable {
        runCancelExample(new CancelWatcher.Signal() {
            @Override
            public boolean cancelRequested() {
                return true;
            }
        }, null);
    }

    public static void testASignalRaisedBetweenNotificationsIsPolled() throws Throwable {
        final AtomicBoolean escape = new AtomicBoolean();
        // The example sends one notification, then waits for the cancel: only the poller can send it.
        runCancelExample(new CancelWatcher.Signal() {
            @Override
            public boolean cancelRequested() {
                return escape.get();
            }
        }, new Runnable() {
            @Override
            public void run() {
                new Thread(new Runnable() {
                    @Override
                    public void run() {
                        sleep(3 * CancelWatcher.POLL_MILLIS);
                        escape.set(true);
                    }
                }).start();
            }
        });
    }

    public static void testNoSignalNoCancel() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("detect-path"), null);
        try {
            CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            final List<String> stages = Collections.synchronizedList(new ArrayList<String>());
            CancelWatcher watcher = CancelWatcher.watch(client, new CancelWatcher.Signal() {
                @Override
                public boolean cancelRequested() {
                    return false;
                }
            }, new ProgressListener() {
                @Override
                public void progress(long requestId, long done, long total, String stage) {
                    stages.add(stage);
                }
            });
            DetectResult result;
            try {
                result = client.detectPath("/data/slides/crc-17.ome.tif", new DetectOptions().page(0).region(2048, 1536, 256, 256).model("he-nuclei")
                        .threshold(0.3).geojson(true), watcher);
            } finally {
                watcher.close();
            }
            Check.isTrue(!watcher.cancelSent(), "nothing cancelled");
            Check.isTrue(result.count() > 0 && !stages.isEmpty(), "the detection ran with progress forwarded: " + stages);
            client.close();
            server.finish();
        } finally {
            server.close();
        }
    }

    /** Plays cancel.json: the detect fails with cancelled; the example's second cancel finds nothing pending. */
    private static void runCancelExample(CancelWatcher.Signal signal, final Runnable onFirstProgress) throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("cancel"), null);
        try {
            final CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            final CancelWatcher watcher = CancelWatcher.watch(client, signal, new ProgressListener() {
                @Override
                public void progress(long requestId, long done, long total, String stage) {
                    if (onFirstProgress != null) {
                        onFirstProgress.run();
                    }
                }
            });
            try {
                CellDetectException thrown = Check.throwsA(CellDetectException.class, new Check.Action() {
                    @Override
                    public void run() throws Exception {
                        client.detectPath("/data/slides/whole-slide.svs.tif", null, watcher);
                    }
                }, "the cancelled detect");
                Check.equal(ErrorCodes.CANCELLED, thrown.code(), "error code");
            } finally {
                watcher.close();
            }
            Check.isTrue(watcher.cancelSent(), "cancel was sent");
            Check.isTrue(!client.cancel(2), "the request is no longer pending");
            client.close();
            server.finish();
        } finally {
            server.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
