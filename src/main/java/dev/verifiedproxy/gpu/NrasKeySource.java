package dev.verifiedproxy.gpu;

import java.util.Set;

/**
 * Where NRAS token keys come from: a live, cached key set ({@link NrasJwksCache}) or a stored one
 * ({@link #of(JsonWebKeySet)}, for evidence bundles).
 */
@FunctionalInterface
public interface NrasKeySource {

    /**
     * A key set meant to hold every key id in {@code kids}. A live source fetches again (at most once,
     * rate-limited) when one is unknown; the caller still checks each kid against the returned set.
     *
     * @throws KeySetUnavailableException when no key set could be obtained
     */
    JsonWebKeySet keysFor(Set<String> kids) throws KeySetUnavailableException;

    /** A fixed key set, as stored in an evidence bundle. */
    static NrasKeySource of(JsonWebKeySet keys) {
        return kids -> keys;
    }

    /** No key set could be obtained; {@link #reason()} is {@link GpuFailure#JWKS_UNAVAILABLE} or {@link GpuFailure#JWKS_MALFORMED}. */
    final class KeySetUnavailableException extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient GpuFailure reason;

        public KeySetUnavailableException(GpuFailure reason, String message) {
            super(message);
            if (reason != GpuFailure.JWKS_UNAVAILABLE && reason != GpuFailure.JWKS_MALFORMED) {
                throw new IllegalArgumentException("not a key set failure: " + reason);
            }
            this.reason = reason;
        }

        public GpuFailure reason() {
            return reason;
        }
    }
}
