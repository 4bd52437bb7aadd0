package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.ComposeManagerAttestation;
import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.eventlog.EventLog;

import java.util.Objects;
import java.util.Optional;

/**
 * One CVM's attestation inside a NEAR report: the gateway's {@code gateway_attestation}, a model's
 * entry of {@code model_attestations}, or the flat direct report (protocol.md §2.2-2.3).
 *
 * @param modelName          self-reported model (model reports only)
 * @param signingKey         the key it signs answers with
 * @param requestNonce       {@code request_nonce}, lowercase hex
 * @param intelQuote         the TDX quote, lowercase hex (trailing padding kept; the quote parser decides)
 * @param eventLog           parsed from an array (model) or a JSON string (gateway)
 * @param info               dstack info
 * @param tlsCertFingerprint SHA-256 of the serving certificate's SPKI, present in TLS mode
 * @param nvidiaPayload      GPU evidence JSON text, unparsed (model reports only)
 * @param composeManager     compose-manager's attestation (model reports since April 2026)
 * @param reportData         the report's copy of REPORT_DATA; never evidence, the quote's value is used
 */
public record CvmAttestation(Optional<String> modelName, SigningKey signingKey, String requestNonce, String intelQuote,
                             EventLog eventLog, DstackInfo info, Optional<String> tlsCertFingerprint,
                             Optional<String> nvidiaPayload, Optional<ComposeManagerAttestation> composeManager,
                             Optional<String> reportData) {

    public CvmAttestation {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(requestNonce, "requestNonce");
        Objects.requireNonNull(intelQuote, "intelQuote");
        Objects.requireNonNull(eventLog, "eventLog");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(tlsCertFingerprint, "tlsCertFingerprint");
        Objects.requireNonNull(nvidiaPayload, "nvidiaPayload");
        Objects.requireNonNull(composeManager, "composeManager");
        Objects.requireNonNull(reportData, "reportData");
    }
}
