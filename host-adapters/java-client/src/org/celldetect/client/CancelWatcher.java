package org.celldetect.client;

import java.io.Closeable;
import java.io.IOException;

/**
 * Cancels a request when the host asks for it (ImageJ's Esc, a Cancel button): pass it as the
 * request's {@link ProgressListener}; it forwards progress and sends {@code cancel} once the signal
 * is up. The request's id comes with its first progress notification (protocol 1 services send
 * "reading" at once). The signal is checked at every notification and, where calls may overlap
 * ({@link CellDetectClient#isPipelined()}), every {@value #POLL_MILLIS} ms in between, so that a
 * queued request or a long tile is cancelled without waiting for the next notification.
 * The cancelled call then fails with {@link ErrorCodes#CANCELLED}.
 */
public final class CancelWatcher implements ProgressListener, Closeable {
    /** The host's "stop" request, polled. */
    public interface Signal {
        boolean cancelRequested();
    }

    static final long POLL_MILLIS = 100;

    private final CellDetectClient client;
    private final Signal signal;
    private final ProgressListener forward;
    private final Thread poller;
    private Long requestId;
    private boolean cancelSent;
    private boolean closed;

    private CancelWatcher(CellDetectClient client, Signal signal, ProgressListener forward) {
        this.client = client;
        this.signal = signal;
        this.forward = forward;
        this.poller = client.isPipelined() ? new Thread(new Runnable() {
            @Override
            public void run() {
                poll();
            }
        }, "celldetect cancel watcher") : null;
    }

    /**
     * Starts watching; close it when the request has ended.
     *
     * @param forward receives every progress notification; null for none
     */
    public static CancelWatcher watch(CellDetectClient client, Signal signal, ProgressListener forward) {
        CancelWatcher watcher = new CancelWatcher(client, signal, forward);
        if (watcher.poller != null) {
            watcher.poller.setDaemon(true);
            watcher.poller.start();
        }
        return watcher;
    }

    @Override
    public void progress(long requestId, long done, long total, String stage) {
        synchronized (this) {
            this.requestId = requestId;
        }
        if (forward != null) {
            forward.progress(requestId, done, total, stage);
        }
        cancelIfRequested();
    }

    /** True once {@code cancel} was sent for the request. */
    public synchronized boolean cancelSent() {
        return cancelSent;
    }

    /** Stops watching. The poller is woken, not interrupted: an interrupt would close the client's socket channel. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void poll() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            cancelIfRequested();
        }
    }

    private void cancelIfRequested() {
        long id;
        synchronized (this) {
            if (closed || cancelSent || requestId == null || !signal.cancelRequested()) {
                return;
            }
            cancelSent = true;
            id = requestId;
        }
        try {
            client.cancel(id);
        } catch (IOException e) {
            // The connection is gone, and the request with it: its call fails on its own.
        }
    }
}
