package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralException;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.Pem;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.quote.CertificationData;
import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteParser;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A quote in, facts out: parses the quote, takes the collateral given or obtains it from the
 * {@link CollateralSource} for the quote's (TEE, FMSPC, PCK CA), and verifies. Collateral that cannot be
 * obtained is a {@link DcapFailure#COLLATERAL_UNAVAILABLE} result, never an exception. The source is the
 * only I/O, and it is a constructor argument. Thread-safe.
 */
public final class DcapService {

    private final DcapVerifier verifier;
    private final CollateralSource source;

    public DcapService(DcapVerifier verifier, CollateralSource source) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.source = Objects.requireNonNull(source, "source");
    }

    public DcapVerifier verifier() {
        return verifier;
    }

    /**
     * @param quote      the raw quote
     * @param collateral collateral to use, or null to obtain it from the source
     * @param at         the instant to verify at
     */
    public DcapResult verify(byte[] quote, QuoteCollateral collateral, Instant at, DcapOptions options) {
        Quote parsed;
        try {
            parsed = QuoteParser.parse(quote);
        } catch (QuoteFormatException e) {
            return DcapVerifier.formatFailure(e, at);
        }
        QuoteCollateral used = collateral;
        if (used == null) {
            try {
                used = source.fetch(collateralKey(parsed));
            } catch (CollateralException e) {
                return DcapVerifier.collateralUnavailable(parsed, e.getMessage(), at);
            }
        }
        return verifier.verify(parsed, used, at, options);
    }

    /**
     * The collateral a quote needs, read from the PCK leaf of its certification data (type 5). The leaf is
     * only read here, not trusted: the verifier checks it afterwards like any other.
     */
    public static CollateralKey collateralKey(Quote quote) throws CollateralException {
        CertificationData data = quote.signature().certification();
        if (data.type() != CertificationData.PCK_CERT_CHAIN) {
            throw new CollateralException(CollateralException.Reason.NOT_FOUND, "the quote's certification data is type "
                    + data.type() + ": supply the collateral with pck_certificate_chain", null);
        }
        try {
            List<X509Certificate> chain = Pem.certificates(new String(data.data().toArray(), StandardCharsets.ISO_8859_1));
            if (chain.isEmpty()) {
                throw new CollateralFormatException("the quote's PCK chain is empty");
            }
            PckExtensions pck = PckExtensions.of(chain.get(0));
            return new CollateralKey(quote.teeType(), pck.fmspc().hex(), pck.ca());
        } catch (CollateralFormatException | DcapException e) {
            throw new CollateralException(CollateralException.Reason.MALFORMED,
                    "cannot tell which collateral the quote needs: " + e.getMessage(), e);
        }
    }
}
