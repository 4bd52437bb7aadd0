package dev.verifiedproxy.sigstore;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One Fulcio certificate authority of the trusted root ({@code certificateAuthorities[]}).
 *
 * @param uri      the CA's URL, e.g. {@code https://fulcio.sigstore.dev}
 * @param subject  {@code organization/commonName} from the trusted root, for details
 * @param chain    the CA's certificates, issuing certificate first and self-signed root last
 * @param validFor when certificates issued by this CA may be trusted, judged at an entry's integrated time
 */
public record CertificateAuthority(String uri, String subject, List<X509Certificate> chain, ValidityWindow validFor) {

    public CertificateAuthority {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(subject, "subject");
        chain = List.copyOf(chain);
        Objects.requireNonNull(validFor, "validFor");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a CA has at least one certificate");
        }
    }

    /** The trust anchor: the last certificate of the chain. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    /** The certificates between a leaf and the root. */
    public List<X509Certificate> intermediates() {
        return chain.subList(0, chain.size() - 1);
    }
}
