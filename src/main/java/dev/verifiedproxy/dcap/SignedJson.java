package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.quote.Bytes;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * An Intel-signed JSON collateral object (TCB info or QE identity) prepared once: parsed, its issuer chain
 * built, its signature checked over the exact text. {@link #at} replays dcap.md §4 steps 3 and 5 in
 * dcap-qvl's order at an instant: parse, issue date, next update ({@code at == nextUpdate} passes), issuer
 * chain, signature.
 *
 * @param <T> the parsed type
 */
final class SignedJson<T> {

    /** The failures of one kind of signed object, and how to read its dates. */
    record Kind<T>(String name, DcapFailure malformed, DcapFailure notYetValid, DcapFailure expired,
                   DcapFailure chainInvalid, DcapFailure signatureInvalid, Function<T, Instant> issueDate,
                   Function<T, Instant> nextUpdate) {
    }

    /** Parses collateral JSON text. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws CollateralFormatException;
    }

    private final Kind<T> kind;
    private final T value;
    private final DcapException parseProblem;
    private final ChainCheck chain;
    private final boolean signatureValid;

    SignedJson(Kind<T> kind, Parser<T> parser, String text, String issuerChain, byte[] signature, TrustAnchor anchor,
               List<X509CRL> crls) {
        this.kind = kind;
        T parsed = null;
        DcapException problem = null;
        try {
            parsed = parser.parse(text);
        } catch (CollateralFormatException e) {
            problem = new DcapException(kind.malformed(), kind.name() + ": " + e.getMessage());
        }
        value = parsed;
        parseProblem = problem;
        chain = ChainCheck.of(issuerChain, anchor, crls);
        signatureValid = chain.structurallySound() && EcdsaP256.verifyRaw(EcdsaP256.key(chain.leaf().getPublicKey()),
                text.getBytes(StandardCharsets.UTF_8), Bytes.of(signature));
    }

    /** The parsed value, or null when it did not parse. */
    T value() {
        return value;
    }

    /** The last second at which the issuer chain's path is valid, or null when the chain is unsound. */
    Instant chainValidUntil() {
        return chain.structurallySound() ? chain.validUntil() : null;
    }

    /** The value, if it is valid at {@code at}. */
    T at(Instant at) throws DcapException {
        if (parseProblem != null) {
            throw parseProblem;
        }
        if (at.isBefore(kind.issueDate().apply(value))) {
            throw new DcapException(kind.notYetValid(), kind.name() + " issued at " + kind.issueDate().apply(value));
        }
        if (at.isAfter(kind.nextUpdate().apply(value))) {
            throw new DcapException(kind.expired(), kind.name() + " expired at " + kind.nextUpdate().apply(value));
        }
        ChainFailure failure = chain.problemAt(at);
        if (failure != null) {
            throw new DcapException(kind.chainInvalid(), failure.message(), failure.problem(), null);
        }
        if (!signatureValid) {
            throw new DcapException(kind.signatureInvalid(), kind.name() + " is not signed by its issuer chain");
        }
        return value;
    }
}
