package dev.verifiedproxy.attestation.web;

import dev.verifiedproxy.attestation.verifier.AttestationVerifier;
import dev.verifiedproxy.attestation.verifier.EvidenceArchive;
import dev.verifiedproxy.attestation.verifier.VerdictAttestor;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.transport.BackendAttestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The full attestation verdict for the whole application: one {@link AttestationVerifier} (the configured
 * policy, or the built-in default; observe mode), one {@link EvidenceArchive} (bounded as configured) and the
 * {@link BackendAttestor} the attested transport uses for every new backend key. All immutable or
 * thread-safe, so produced {@code @Singleton} (final classes, no client proxy).
 */
@ApplicationScoped
public class AttestorBeans {

    @Produces
    @Singleton
    AttestationVerifier attestationVerifier(ProxyConfig config, DcapVerifier dcap, GpuVerifier gpu) {
        return verifierFor(config, dcap, gpu);
    }

    /** The verifier this configuration asks for: its policy file or the built-in default policy, observe mode. */
    public static AttestationVerifier verifierFor(ProxyConfig config, DcapVerifier dcap, GpuVerifier gpu) {
        return new AttestationVerifier(dcap, gpu, config.find(ConfigKeys.POLICY_FILE).orElseGet(PolicyLoader::defaultPolicy),
                config.get(ConfigKeys.OBSERVE));
    }

    @Produces
    @Singleton
    EvidenceArchive evidenceArchive(ProxyConfig config) {
        return new EvidenceArchive(config.get(ConfigKeys.EVIDENCE_MAX_ENTRIES), config.get(ConfigKeys.EVIDENCE_MAX_BYTES));
    }

    @Produces
    @Singleton
    BackendAttestor backendAttestor(ProxyConfig config, AttestationVerifier verifier, CollateralSource collateral,
                                    EvidenceArchive archive) {
        return new VerdictAttestor(verifier, collateral, archive, config.get(ConfigKeys.ATTESTATION_MAX_BYTES));
    }
}
