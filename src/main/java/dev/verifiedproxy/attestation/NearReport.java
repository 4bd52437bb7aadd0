package dev.verifiedproxy.attestation;

import java.util.List;

/** A parsed {@code /v1/attestation/report} answer: the gateway shape or the direct shape. */
public sealed interface NearReport permits GatewayReport, DirectReport {

    /** The model attestations it carries (one for the direct shape). */
    List<CvmAttestation> models();
}
