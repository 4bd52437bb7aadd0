package dev.verifiedproxy.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link HttpFetcher} on {@code java.net.http}: the JDK's default TLS trust (these services are
 * public CAs' customers and their content is verified by signature anyway), no redirects, a
 * connect timeout, a per-request timeout and a hard cap on the bytes read.
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

    @Override
    public FetchedResponse send(FetchRequest request) throws FetchException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        request.headers().forEach(builder::header);
        byte[] body = request.body();
        builder.method(request.method(), body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = response.body()) {
                if (declared > request.maxResponseBytes()) {
                    throw tooLarge(request);
                }
                return new FetchedResponse(response.statusCode(), response.headers().map(), readBounded(in, request));
            }
        } catch (HttpConnectTimeoutException e) {
            throw new FetchException(FetchException.Reason.TIMEOUT, request.uri(),
                    "no connection to " + request.uri().getHost() + " within the time allowed", e);
        } catch (ConnectException e) {
            throw new FetchException(FetchException.Reason.UNREACHABLE, request.uri(),
                    "cannot connect to " + request.uri().getHost() + ": " + e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new FetchException(FetchException.Reason.TIMEOUT, request.uri(),
                    request.uri().getHost() + " did not answer within " + request.timeout(), e);
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.IO, request.uri(),
                    "exchange with " + request.uri().getHost() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.IO, request.uri(), "interrupted", e);
        }
    }

    private static byte[] readBounded(InputStream in, FetchRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + (long) n > request.maxResponseBytes()) {
                throw tooLarge(request);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static FetchException tooLarge(FetchRequest request) {
        return new FetchException(FetchException.Reason.TOO_LARGE, request.uri(),
                "response from " + request.uri().getHost() + " exceeds " + request.maxResponseBytes() + " bytes", null);
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21; stopping its executor releases its threads.
        executor.shutdownNow();
    }
}
