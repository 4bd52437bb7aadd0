package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.CvmAttestation;
import dev.verifiedproxy.attestation.DirectReport;
import dev.verifiedproxy.attestation.GatewayReport;
import dev.verifiedproxy.attestation.ModelBinding;
import dev.verifiedproxy.attestation.NearReport;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.AttestationRequest;
import dev.verifiedproxy.transport.BackendAttestor;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.JsonObject;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The attested transport's verifier: the full verdict of {@link AttestationVerifier} on the report fetched on
 * the connection (live collateral and NRAS), its evidence archived, reduced to what the transport and the proxy
 * need. The connection's key is trusted only if every component passes every check the policy requires and the
 * report has the shape of the backend's role; the outcome names the first failed check and the archived
 * evidence. A report asked for a model must attest exactly that model, and only that model's attestation names
 * the signer, its key and its name in the outcome: a gateway report asked for no model names none, whatever it
 * carries. It never throws: anything unexpected is a failed outcome.
 */
public final class VerdictAttestor implements BackendAttestor {

    /** The report has the other shape than the backend's role requires. */
    public static final String REPORT_SHAPE = "report_shape";
    /** The verification itself broke (a bug): fail closed. */
    public static final String VERIFIER = "verifier";

    private static final System.Logger LOG = System.getLogger(VerdictAttestor.class.getName());

    private final AttestationVerifier verifier;
    private final CollateralSource collateral;
    private final EvidenceArchive archive;
    private final long maxReportBytes;

    /**
     * @param verifier       the verdict
     * @param collateral     where Intel collateral comes from (the PCS cache)
     * @param archive        where every verification's evidence goes
     * @param maxReportBytes largest report parsed
     */
    public VerdictAttestor(AttestationVerifier verifier, CollateralSource collateral, EvidenceArchive archive,
                           long maxReportBytes) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.collateral = Objects.requireNonNull(collateral, "collateral");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.maxReportBytes = maxReportBytes;
    }

    @Override
    public AttestationOutcome attest(AttestationRequest request) {
        JsonObject report;
        try {
            report = JsonInput.object(JsonInput.parse(request.reportBody(), maxReportBytes, "$"), "$");
        } catch (MalformedEvidenceException e) {
            return AttestationOutcome.failed(AttestationVerifier.REPORT_FORMAT, e.reason().code() + ": " + e.getMessage());
        }
        try {
            Verification verification = verifier.verifyLive(new VerificationRequest(report,
                    new Nonce(Hex.encode(request.nonce())), request.at(), Optional.of(request.liveSpki().hex()),
                    Optional.of(request.domain()), Optional.ofNullable(request.model())), collateral);
            String evidenceId = archive.store(verification).orElse(null);
            return outcome(request.role(), verification, evidenceId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "verifying the report of " + request.domain() + " failed unexpectedly", e);
            return AttestationOutcome.failed(VERIFIER, "the verification could not be completed: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The transport's view of a verification of a backend in {@code role}. */
    public static AttestationOutcome outcome(BackendRole role, Verification verification, String evidenceId) {
        String evidence = evidenceId == null ? "" : " (evidence " + evidenceId + ")";
        Optional<NearReport> report = verification.report();
        if (report.isPresent() && (role == BackendRole.GATEWAY) != (report.get() instanceof GatewayReport)) {
            return failed(REPORT_SHAPE, "a " + role.name().toLowerCase(Locale.ROOT) + " backend answered the "
                    + (report.get() instanceof GatewayReport ? "gateway" : "direct") + " report shape" + evidence, evidenceId);
        }
        Verdict verdict = verification.verdict();
        if (!verdict.verified() || report.isEmpty()) {
            for (Component component : verdict.components()) {
                for (Check check : component.failures()) {
                    return failed(check.name(), component.role().json() + ": " + check.displayDetail() + evidence, evidenceId);
                }
            }
            return failed(VERIFIER, "no component was verified" + evidence, evidenceId);
        }
        // The model answers and signs, also behind the gateway, whose report then carries the attestation of the
        // model it was asked for (verified above, model_attestation); a gateway report asked for none names no signer.
        Optional<String> asked = verification.evidence().model();
        Optional<CvmAttestation> signer = report.get() instanceof GatewayReport gateway
                ? asked.flatMap(model -> ModelBinding.find(gateway.models(), model))
                : Optional.of(((DirectReport) report.get()).model());
        if (asked.isPresent() && signer.isEmpty()) {
            // Unreachable for a verified verdict; fail closed rather than name another model's key.
            return failed(ModelBinding.MODEL_ATTESTATION, "no attestation of the model asked for" + evidence, evidenceId);
        }
        int checks = verdict.components().stream().mapToInt(c -> c.checks().size()).sum();
        return new AttestationOutcome(true, null, "verified: " + verdict.components().size() + " components, " + checks
                + " checks, policy " + verdict.policyDigest() + evidence,
                verification.validUntil().orElse(verdict.at()), verification.tcbStatus().map(TcbStatus::text).orElse(null),
                signer.map(s -> s.signingKey().address()).orElse(null),
                signer.flatMap(s -> s.signingKey().publicKey()).orElse(null),
                signer.flatMap(CvmAttestation::modelName).orElse(null), evidenceId,
                report.get() instanceof GatewayReport gateway ? gateway.gateway().signingKey().address() : null);
    }

    private static AttestationOutcome failed(String check, String detail, String evidenceId) {
        return new AttestationOutcome(false, check, detail, null, null, null, null, null, evidenceId);
    }
}
