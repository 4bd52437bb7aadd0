package dev.verifiedproxy.collateral;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Fetches collateral from Intel PCS (API v4) or a PCCS (dcap.md §7) over an {@link HttpFetcher}: four
 * GETs, each with a timeout and a response size limit, issuer chains from Intel's header names
 * (percent-decoded), signed JSON cut out verbatim. Nothing fetched is trusted: the verifier checks every
 * signature against the pinned root.
 *
 * <p>The root CA CRL: from Intel PCS, the fixed URL Intel publishes ({@link #INTEL_ROOT_CA_CRL}); from any
 * other base URL (a PCCS, or a fake in tests), {@code {base}/sgx/certification/v4/rootcacrl} (PCCS answers
 * hex text; DER is accepted too). dcap-qvl instead follows the CRL distribution point of an issuer-chain
 * certificate from the (not yet verified) answer; a fixed URL cannot be steered by the answer.
 */
public final class IntelPcsClient implements CollateralSource {

    /** Intel's Provisioning Certification Service. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** Where Intel publishes the SGX Root CA CRL (DER). */
    public static final URI INTEL_ROOT_CA_CRL =
            URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

    private final HttpFetcher fetcher;
    private final String base;
    private final URI rootCaCrl;
    private final Duration timeout;
    private final long maxResponseBytes;

    public IntelPcsClient(HttpFetcher fetcher, URI baseUrl, Duration timeout, long maxResponseBytes) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.base = normalize(baseUrl);
        this.rootCaCrl = URI.create(base).getHost().equalsIgnoreCase(INTEL_PCS.getHost()) ? INTEL_ROOT_CA_CRL
                : URI.create(base + "/sgx/certification/v4/rootcacrl");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxResponseBytes = maxResponseBytes;
    }

    /** Strips a trailing "/" and a trailing "/sgx/certification/v4" or "/tdx/certification/v4" (dcap-qvl). */
    static String normalize(URI baseUrl) {
        String s = baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (String suffix : new String[] {"/sgx/certification/v4", "/tdx/certification/v4"}) {
            if (s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    /** The base URL requests go to. */
    public String baseUrl() {
        return base;
    }

    @Override
    public QuoteCollateral fetch(CollateralKey key) throws CollateralException {
        String tee = key.tee().pcsPath();
        FetchedResponse pckCrl = get(base + "/sgx/certification/v4/pckcrl?ca=" + key.ca().pcsName() + "&encoding=der");
        FetchedResponse tcb = get(base + "/" + tee + "/certification/v4/tcb?fmspc=" + key.fmspc());
        FetchedResponse qe = get(base + "/" + tee + "/certification/v4/qe/identity?update=standard");
        FetchedResponse root = get(rootCaCrl.toString());
        try {
            String tcbBody = tcb.bodyText();
            String qeBody = qe.bodyText();
            return new QuoteCollateral.Builder()
                    .pckCrlIssuerChain(header(pckCrl, "SGX-PCK-CRL-Issuer-Chain"))
                    .pckCrl(crl(pckCrl.body()))
                    .rootCaCrl(crl(root.body()))
                    .tcbInfoIssuerChain(tcb.header("TCB-Info-Issuer-Chain").isPresent()
                            ? header(tcb, "TCB-Info-Issuer-Chain") : header(tcb, "SGX-TCB-Info-Issuer-Chain"))
                    .tcbInfo(RawJson.member(tcbBody, "tcbInfo"))
                    .tcbInfoSignature(signature(tcbBody))
                    .qeIdentityIssuerChain(header(qe, "SGX-Enclave-Identity-Issuer-Chain"))
                    .qeIdentity(RawJson.member(qeBody, "enclaveIdentity"))
                    .qeIdentitySignature(signature(qeBody))
                    .build();
        } catch (CollateralFormatException e) {
            throw new CollateralException(CollateralException.Reason.MALFORMED,
                    "collateral from " + base + " for " + key + " is malformed: " + e.getMessage(), e);
        }
    }

    private FetchedResponse get(String uri) throws CollateralException {
        FetchedResponse response;
        try {
            response = fetcher.send(FetchRequest.get(URI.create(uri), timeout, maxResponseBytes));
        } catch (FetchException e) {
            CollateralException.Reason reason = switch (e.reason()) {
                case TOO_LARGE -> CollateralException.Reason.TOO_LARGE;
                case TIMEOUT -> CollateralException.Reason.TIMEOUT;
                case UNREACHABLE, IO -> CollateralException.Reason.UNREACHABLE;
            };
            throw new CollateralException(reason, "fetching " + uri + " failed: " + e.getMessage(), e);
        }
        if (!response.isSuccess()) {
            throw new CollateralException(CollateralException.Reason.HTTP_STATUS,
                    "fetching " + uri + " failed: HTTP " + response.status(), null);
        }
        return response;
    }

    private static String header(FetchedResponse response, String name) throws CollateralFormatException {
        return percentDecode(response.header(name)
                .orElseThrow(() -> new CollateralFormatException("the answer has no " + name + " header")));
    }

    private static byte[] signature(String body) throws CollateralFormatException {
        JsonObject o = CollateralJson.object(body, "PCS answer");
        try {
            return HexFormat.of().parseHex(CollateralJson.string(o, "signature"));
        } catch (IllegalArgumentException e) {
            throw new CollateralFormatException("the signature is not hex");
        }
    }

    /** A CRL as DER, or as hex text of DER (PCCS). */
    private static byte[] crl(byte[] body) throws CollateralFormatException {
        if (body.length > 0 && body[0] == 0x30) {
            return body;
        }
        try {
            return HexFormat.of().parseHex(new String(body, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CollateralFormatException("a CRL is neither DER nor hex");
        }
    }

    /**
     * Decodes %XX escapes only. Not {@code URLDecoder}: that turns '+' into a space, and a PCCS that leaves
     * base64's '+' unescaped would get its certificates corrupted.
     */
    static String percentDecode(String value) throws CollateralFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new CollateralFormatException("bad percent escape in a header");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new CollateralFormatException("bad percent escape in a header");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
