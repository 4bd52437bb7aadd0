package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts an {@code nvidia_payload} to NRAS ({@code /v3/attest/gpu}) exactly as received and returns
 * the answer (gpu.md §2.1). Each attempt is bounded by a timeout and a response size; timeouts,
 * connection failures, HTTP 5xx and 429 are retried with exponential backoff up to
 * {@code maxAttempts}; any other status, or an oversized answer, fails at once.
 */
public final class NrasClient {

    /**
     * @param attestUrl        the full {@code /v3/attest/gpu} URL
     * @param timeout          time allowed for each attempt
     * @param maxResponseBytes largest answer accepted
     * @param maxAttempts      attempts in all, at least 1
     * @param initialBackoff   pause before the second attempt; doubled before each further one
     */
    public record Settings(URI attestUrl, Duration timeout, long maxResponseBytes, int maxAttempts,
                           Duration initialBackoff) {
        public Settings {
            Objects.requireNonNull(attestUrl, "attestUrl");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (maxResponseBytes <= 0 || maxAttempts < 1 || maxAttempts > 10 || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("invalid NRAS client settings");
            }
        }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /**
     * A successful exchange.
     *
     * @param body     the answer, exactly as received
     * @param attempts how many attempts it took
     */
    public record Reply(String body, int attempts) {
    }

    /** No usable answer; {@link #reason()} is one of the {@link GpuCheckName#NRAS_EXCHANGE} failures. */
    public static final class NrasException extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient GpuFailure reason;

        NrasException(GpuFailure reason, String message) {
            super(message);
            this.reason = reason;
        }

        public GpuFailure reason() {
            return reason;
        }
    }

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final HttpFetcher fetcher;
    private final Settings settings;
    private final Pause pause;

    public NrasClient(HttpFetcher fetcher, Settings settings) {
        this(fetcher, settings, duration -> Thread.sleep(duration.toMillis()));
    }

    public NrasClient(HttpFetcher fetcher, Settings settings, Pause pause) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public Settings settings() {
        return settings;
    }

    public Reply attest(String payload) throws NrasException {
        FetchRequest request = FetchRequest.post(settings.attestUrl(), "application/json",
                        payload.getBytes(StandardCharsets.UTF_8), settings.timeout(), settings.maxResponseBytes())
                .withHeader("Accept", "application/json");
        NrasException last = null;
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                try {
                    pause.pause(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NrasException(GpuFailure.NRAS_UNREACHABLE, "interrupted while waiting to retry NRAS");
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            FetchedResponse response;
            try {
                response = fetcher.send(request);
            } catch (FetchException e) {
                last = new NrasException(reasonOf(e), e.getMessage() + " (attempt " + attempt + ")");
                if (e.reason() == FetchException.Reason.TOO_LARGE) {
                    throw last;
                }
                continue;
            }
            if (response.status() == 200) {
                return new Reply(response.bodyText(), attempt);
            }
            last = new NrasException(GpuFailure.NRAS_HTTP_STATUS, "NRAS answered HTTP " + response.status()
                    + summary(response) + " (attempt " + attempt + ")");
            if (response.status() < 500 && response.status() != 429) {
                throw last;
            }
        }
        throw last;
    }

    private static GpuFailure reasonOf(FetchException e) {
        return switch (e.reason()) {
            case TIMEOUT -> GpuFailure.NRAS_TIMEOUT;
            case TOO_LARGE -> GpuFailure.NRAS_RESPONSE_TOO_LARGE;
            case UNREACHABLE, IO -> GpuFailure.NRAS_UNREACHABLE;
        };
    }

    /** The start of an error body (NRAS puts its error code there), on one line. */
    private static String summary(FetchedResponse response) {
        String body = response.bodyText().replaceAll("\\s+", " ").strip();
        return body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }
}
