package dev.verifiedproxy.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * A verifier's conclusion about one report, reduced to what the transport and the proxy need.
 * The full verdict lives with the verifier (evidence archive, /verify endpoints).
 *
 * @param verified         true only if every required check passed
 * @param failedCheck      name of the first failed check, or null when verified
 * @param detail           human-readable reason or summary; safe to show to clients
 * @param validUntil       the verification must not be relied on after this instant (collateral and token expiry)
 * @param tcbStatus        Intel TCB status of the backend's platform, or null if unknown
 * <p>For a {@link BackendRole#GATEWAY gateway} backend, {@code signingAddress}, {@code signingPublicKey}
 * and {@code modelName} describe the attested <em>model</em> the gateway routes the request to (its answers
 * are signed with that key, and E2EE encrypts to it), and {@code gatewaySigningAddress} is the gateway's
 * own attested address, which signs the answers the gateway rewrote ({@code signature_kind: gateway}).
 *
 * @param signingAddress        the attested response-signing address/key, or null
 * @param signingPublicKey      the attested signing public key (hex), or null; used for E2EE
 * @param modelName             the model name the report claims, or null
 * @param evidenceId            identifier of the archived evidence bundle, or null
 * @param gatewaySigningAddress gateway backends: the gateway's own attested signing address; null otherwise
 */
public record AttestationOutcome(boolean verified, String failedCheck, String detail, Instant validUntil,
                                 String tcbStatus, String signingAddress, String signingPublicKey, String modelName,
                                 String evidenceId, String gatewaySigningAddress) {

    /** An outcome without a gateway address: a model backend's. */
    public AttestationOutcome(boolean verified, String failedCheck, String detail, Instant validUntil,
                              String tcbStatus, String signingAddress, String signingPublicKey, String modelName,
                              String evidenceId) {
        this(verified, failedCheck, detail, validUntil, tcbStatus, signingAddress, signingPublicKey, modelName,
                evidenceId, null);
    }

    public AttestationOutcome {
        if (verified) {
            Objects.requireNonNull(validUntil, "a verified outcome must say until when it holds");
        } else {
            Objects.requireNonNull(failedCheck, "a failed outcome must name the failed check");
        }
    }

    public static AttestationOutcome failed(String failedCheck, String detail) {
        return new AttestationOutcome(false, failedCheck, detail, null, null, null, null, null, null, null);
    }
}
