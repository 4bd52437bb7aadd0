package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signing certificate says about who signed: its subject alternative names and Fulcio's OIDC
 * extensions (OID arc 1.3.6.1.4.1.57264.1). These are facts about the certificate only; whether they are
 * trustworthy depends on the chain, which {@link Signer} records.
 *
 * @param subjectAlternativeNames URI, email and Fulcio username SANs, e.g.
 *                                {@code https://github.com/nearai/cloud-api/.github/workflows/build.yml@refs/heads/main}
 * @param oidcIssuer              .1.8 (or the legacy raw .1.1), e.g. {@code https://token.actions.githubusercontent.com}
 * @param sourceRepository        .1.12 source repository URI, e.g. {@code https://github.com/nearai/cloud-api}
 * @param sourceRepositoryRef     .1.14 the git ref built, e.g. {@code refs/heads/main}
 * @param sourceRepositoryDigest  .1.13 the commit built
 * @param buildSignerUri          .1.9 the workflow that signed (may differ from the SAN for reusable workflows)
 * @param runnerEnvironment       .1.11 {@code github-hosted} or {@code self-hosted}
 * @param buildTrigger            .1.20 the event that started the build, e.g. {@code push}
 * @param runInvocationUri        .1.21 the CI run
 * @param certificateIssuer       the issuer's distinguished name (RFC 2253)
 * @param notBefore               start of the certificate's validity
 * @param notAfter                end of the certificate's validity
 */
public record CertificateIdentity(List<String> subjectAlternativeNames, Optional<String> oidcIssuer,
                                  Optional<String> sourceRepository, Optional<String> sourceRepositoryRef,
                                  Optional<String> sourceRepositoryDigest, Optional<String> buildSignerUri,
                                  Optional<String> runnerEnvironment, Optional<String> buildTrigger,
                                  Optional<String> runInvocationUri, String certificateIssuer,
                                  Instant notBefore, Instant notAfter) {

    public CertificateIdentity {
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        Objects.requireNonNull(oidcIssuer, "oidcIssuer");
        Objects.requireNonNull(sourceRepository, "sourceRepository");
        Objects.requireNonNull(sourceRepositoryRef, "sourceRepositoryRef");
        Objects.requireNonNull(sourceRepositoryDigest, "sourceRepositoryDigest");
        Objects.requireNonNull(buildSignerUri, "buildSignerUri");
        Objects.requireNonNull(runnerEnvironment, "runnerEnvironment");
        Objects.requireNonNull(buildTrigger, "buildTrigger");
        Objects.requireNonNull(runInvocationUri, "runInvocationUri");
        Objects.requireNonNull(certificateIssuer, "certificateIssuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** For details: the SANs and the issuer. */
    public String describe() {
        return String.join(",", subjectAlternativeNames) + oidcIssuer.map(i -> " (issuer " + i + ")").orElse("");
    }
}
