package org.celldetect.client;

/**
 * Hears how far a request has come. Called in the thread that reads the reply (one of the threads
 * waiting on the client); it may call the client, e.g. {@code client.cancel(requestId)}.
 */
public interface ProgressListener {
    /**
     * @param requestId the request, for {@link CellDetectClient#cancel(long)}
     * @param stage "reading", "detecting"; newer services may report other stages
     */
    void progress(long requestId, long done, long total, String stage);
}
