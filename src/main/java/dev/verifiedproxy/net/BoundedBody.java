package dev.verifiedproxy.net;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body up to a size limit and can be cancelled from outside. The JDK's own
 * timeout stops counting once the headers are in; holding the subscription lets the fetcher abandon
 * a body that trickles in past the deadline, and counting as bytes arrive lets it refuse an oversized
 * body without buffering it.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final URI uri;
    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean cancelled;
    // onNext calls are serialised by the Flow contract, so only one thread writes at a time.
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * @param declaredLength the Content-Length, or -1 if none; a declared length over the limit is refused unread
     */
    BoundedBody(URI uri, long maxBytes, long declaredLength) {
        this.uri = uri;
        this.maxBytes = maxBytes;
        if (declaredLength > maxBytes) {
            result.completeExceptionally(tooLarge());
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || cancelled || result.isDone()) {
            s.cancel();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (out.size() + (long) n > maxBytes) {
                result.completeExceptionally(tooLarge());
                cancelSubscription();
                return;
            }
            byte[] chunk = new byte[n];
            item.get(chunk);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Stops reading: the deadline passed or the caller gave up. */
    void cancel() {
        cancelled = true;
        cancelSubscription();
    }

    private void cancelSubscription() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    private FetchException tooLarge() {
        return new FetchException(FetchException.Reason.TOO_LARGE, uri,
                "response from " + uri.getHost() + " exceeds " + maxBytes + " bytes", null);
    }
}
