package dev.verifiedproxy.chatcheck;

import java.time.Duration;

/**
 * Bounds of the background signature checks.
 *
 * @param threads       threads that fetch and check
 * @param maxPending    checks in progress (queued, fetching or waiting to retry) at most; more are not checked
 * @param fetchAttempts tries of {@code GET /v1/signature/{id}} while it answers 404 or the connection fails
 * @param retryBackoff  pause before the second try; doubled for each further one
 * @param cvmAttempts   new connections opened at most, per try, to reach the CVM that answered
 */
public record ChatCheckSettings(int threads, int maxPending, int fetchAttempts, Duration retryBackoff, int cvmAttempts) {

    public ChatCheckSettings {
        if (threads < 1 || maxPending < 1 || fetchAttempts < 1 || cvmAttempts < 1 || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("signature check bounds must be positive");
        }
    }
}
