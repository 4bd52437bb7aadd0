package dev.verifiedproxy.net;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link HttpFetcher} on {@code java.net.http}: the JDK's default TLS trust (these services are
 * public CAs' customers and their content is verified by signature anyway), no redirects, a
 * connect timeout, one deadline per request for the whole exchange including the body, and a hard
 * cap on the bytes read.
 */
public final class JdkHttpFetcher implements HttpFetcher, AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;

    public JdkHttpFetcher(Duration connectTimeout) {
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "verified-proxy-fetch");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * One deadline, {@link FetchRequest#timeout()} from now, covers connecting, sending, the headers and
     * the whole body. {@code HttpRequest.timeout} alone stops counting once the headers arrive, so a
     * server could keep a verification waiting indefinitely by trickling the body.
     */
    @Override
    public FetchedResponse send(FetchRequest request) throws FetchException {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        request.headers().forEach(builder::header);
        byte[] body = request.body();
        builder.method(request.method(), body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        AtomicReference<BoundedBody> reader = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(builder.build(), info -> {
            BoundedBody bounded = new BoundedBody(request.uri(), request.maxResponseBytes(),
                    info.headers().firstValueAsLong("Content-Length").orElse(-1));
            reader.set(bounded);
            return bounded;
        });
        try {
            HttpResponse<byte[]> response = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new FetchedResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            abandon(exchange, reader);
            throw new FetchException(FetchException.Reason.TIMEOUT, request.uri(),
                    request.uri().getHost() + " did not answer completely within " + request.timeout(), e);
        } catch (InterruptedException e) {
            abandon(exchange, reader);
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.IO, request.uri(), "interrupted", e);
        } catch (ExecutionException e) {
            abandon(exchange, reader);
            throw translate(request, e.getCause());
        }
    }

    private static void abandon(CompletableFuture<?> exchange, AtomicReference<BoundedBody> reader) {
        BoundedBody body = reader.get();
        if (body != null) {
            body.cancel();
        }
        exchange.cancel(true);
    }

    private static FetchException translate(FetchRequest request, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof FetchException fetch) {
                return fetch;
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, request.uri(),
                    "no connection to " + request.uri().getHost() + " within the time allowed", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, request.uri(),
                    request.uri().getHost() + " did not answer within " + request.timeout(), cause);
        }
        if (cause instanceof ConnectException) {
            return new FetchException(FetchException.Reason.UNREACHABLE, request.uri(),
                    "cannot connect to " + request.uri().getHost() + ": " + cause.getMessage(), cause);
        }
        return new FetchException(FetchException.Reason.IO, request.uri(),
                "exchange with " + request.uri().getHost() + " failed: " + cause, cause);
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21; stopping its executor releases its threads.
        executor.shutdownNow();
    }
}
