package org.celldetect.client;

/**
 * Hears how far a request has come. Called in the thread that reads the reply (one of the threads
 * waiting on the client); it may call the client, e.g. {@code client.cancel(requestId)}.
 */
public interface ProgressListener {
    /**
     * Called once the request has been sent, before any progress, in the thread that made the call:
     * its id, so that a caller that stops waiting can {@link CellDetectClient#cancel(long)} it.
     */
    default void sent(long requestId) {
    }

    /**
     * @param requestId the request, for {@link CellDetectClient#cancel(long)}
     * @param stage "reading", "detecting"; newer services may report other stages
     */
    void progress(long requestId, long done, long total, String stage);
}
