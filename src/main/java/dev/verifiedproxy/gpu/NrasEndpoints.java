package dev.verifiedproxy.gpu;

import java.net.URI;
import java.util.Objects;

/**
 * Where an NVIDIA Remote Attestation Service lives. NRAS derives everything from its base URL: the
 * attestation endpoint, the JWKS (nvtrust {@code create_jwks_url}) and the tokens' issuer (nvat
 * compares {@code iss} with the base URL), gpu.md §2.1-2.4.
 *
 * @param base scheme, host and optional port, without a trailing slash
 */
public record NrasEndpoints(URI base) {

    public static final NrasEndpoints PRODUCTION = new NrasEndpoints(URI.create("https://nras.attestation.nvidia.com"));

    public NrasEndpoints {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme();
        if (!("https".equals(scheme) || "http".equals(scheme)) || base.getHost() == null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("an NRAS base URL is http(s)://host[:port][/path]: " + base);
        }
        String text = base.toString();
        base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** {@code POST} target for GPU evidence. */
    public URI attestUrl() {
        return URI.create(base + "/v3/attest/gpu");
    }

    public URI jwksUrl() {
        return URI.create(base + "/.well-known/jwks.json");
    }

    /** The {@code iss} of this service's tokens. */
    public String issuer() {
        return base.toString();
    }
}
