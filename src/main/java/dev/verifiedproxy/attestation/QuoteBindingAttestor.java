package dev.verifiedproxy.attestation;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.AttestationRequest;
import dev.verifiedproxy.transport.BackendAttestor;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.verdict.Check;
import org.bouncycastle.util.encoders.DecoderException;

import java.util.Optional;
import java.util.Set;

/**
 * The attested transport's verifier for the checks that bind a connection to a TEE: the report
 * of the component that terminates the connection (the model CVM in direct mode, the gateway in
 * gateway mode) must carry an Intel quote that DCAP-verifies (chain, CRLs, signatures, TCB level,
 * debug off), whose TCB status is allowed, and whose report data is SHA-256(signing address ‖
 * SPKI fingerprint) ‖ our nonce, with the fingerprint equal to the live connection's SPKI.
 *
 * <p>It deliberately checks less than the full attestation verdict (event-log replay, compose
 * binding, NVIDIA GPU evidence, measurement policy), which replaces it as the application's
 * {@link BackendAttestor} once available. Everything it does check fails closed.
 */
public final class QuoteBindingAttestor implements BackendAttestor {

    private final DcapService dcap;
    private final Set<TcbStatus> allowedStatuses;

    public QuoteBindingAttestor(DcapService dcap, Set<TcbStatus> allowedStatuses) {
        this.dcap = dcap;
        this.allowedStatuses = Set.copyOf(allowedStatuses);
    }

    @Override
    public AttestationOutcome attest(AttestationRequest request) {
        CvmAttestation terminating;
        try {
            NearReport report = NearReports.parse(request.reportBody());
            terminating = report instanceof GatewayReport gateway ? gateway.gateway() : ((DirectReport) report).model();
            if ((request.role() == BackendRole.GATEWAY) != (report instanceof GatewayReport)) {
                return AttestationOutcome.failed("report_shape", "expected the " + request.role().name().toLowerCase(
                        java.util.Locale.ROOT) + " report shape");
            }
        } catch (MalformedEvidenceException e) {
            return AttestationOutcome.failed("report_format", e.getMessage());
        }
        if (ReportDataBinding.mode(terminating) != ReportDataBinding.Mode.TLS) {
            return AttestationOutcome.failed("tls_binding", "the report does not bind a TLS key (no tls_cert_fingerprint)");
        }
        byte[] quote;
        try {
            quote = org.bouncycastle.util.encoders.Hex.decode(terminating.intelQuote());
        } catch (DecoderException e) {
            return AttestationOutcome.failed("report_format", "intel_quote is not hex");
        }
        DcapResult dcapResult = dcap.verify(quote, null, request.at(), DcapOptions.DEFAULT);
        if (!dcapResult.verified()) {
            return AttestationOutcome.failed("intel_quote", dcapResult.failure() + ": " + dcapResult.message());
        }
        if (!allowedStatuses.contains(dcapResult.status())) {
            return AttestationOutcome.failed("tcb_status", "TCB status " + dcapResult.status() + " is not allowed "
                    + allowedStatuses + "; advisories " + dcapResult.advisoryIds());
        }
        Optional<Nonce> nonce = Nonce.parse(org.bouncycastle.util.encoders.Hex.toHexString(request.nonce()));
        for (Check check : ReportDataBinding.check(terminating, TdMeasurements.of(dcapResult.quote()), nonce.orElseThrow(),
                Optional.of(request.liveSpki().hex()))) {
            if (!check.ok()) {
                return AttestationOutcome.failed(check.name(), check.displayDetail());
            }
        }
        if (request.role() == BackendRole.GATEWAY) {
            // Only the gateway's own quote is verified here: its address vouches for gateway-signed
            // answers; the model attestations behind it are not verified, so no model signer or E2EE
            // key is reported (signature checks and E2EE then fail closed).
            return new AttestationOutcome(true, null, "quote verified, key and TLS binding checked",
                    dcapResult.collateralValidUntil(), dcapResult.status().text(), null, null, null, null,
                    terminating.signingKey().address());
        }
        return new AttestationOutcome(true, null, "quote verified, key and TLS binding checked",
                dcapResult.collateralValidUntil(), dcapResult.status().text(), terminating.signingKey().address(),
                terminating.signingKey().publicKey().orElse(null), terminating.modelName().orElse(null), null);
    }
}
