/**
 * NEAR AI's attestation reports (protocol.md §2-3): the two report shapes ({@link
 * dev.verifiedproxy.attestation.GatewayReport}, {@link dev.verifiedproxy.attestation.DirectReport})
 * read by {@link dev.verifiedproxy.attestation.NearReports}, the report-data binding of signing key,
 * TLS key and nonce ({@link dev.verifiedproxy.attestation.ReportDataBinding}), and the evidence
 * bundle an offline re-verification needs ({@link dev.verifiedproxy.attestation.EvidenceBundle}).
 *
 * <p>The orchestration of DCAP, GPU, event-log and policy checks into a {@link
 * dev.verifiedproxy.verdict.Verdict} is built on these types, one package up: {@link
 * dev.verifiedproxy.attestation.verifier.AttestationVerifier}.
 */
package dev.verifiedproxy.attestation;
