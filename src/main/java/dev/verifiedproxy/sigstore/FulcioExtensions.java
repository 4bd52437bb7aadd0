package dev.verifiedproxy.sigstore;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a signing certificate's identity: SANs and Fulcio's certificate extensions (Fulcio's
 * {@code docs/oid-info.md}). Extensions .1.8 and later are DER UTF8Strings; the deprecated .1.1 issuer is the
 * raw UTF-8 text. No trust decision is made here.
 */
public final class FulcioExtensions {

    static final String ARC = "1.3.6.1.4.1.57264.1.";
    static final String ISSUER_V1 = ARC + "1";
    static final String USERNAME_SAN = ARC + "7";
    static final String ISSUER = ARC + "8";
    static final String BUILD_SIGNER_URI = ARC + "9";
    static final String RUNNER_ENVIRONMENT = ARC + "11";
    static final String SOURCE_REPOSITORY_URI = ARC + "12";
    static final String SOURCE_REPOSITORY_DIGEST = ARC + "13";
    static final String SOURCE_REPOSITORY_REF = ARC + "14";
    static final String BUILD_TRIGGER = ARC + "20";
    static final String RUN_INVOCATION_URI = ARC + "21";
    private static final int MAX_SANS = 16;

    private FulcioExtensions() {
    }

    public static CertificateIdentity read(X509Certificate certificate) throws RekorFormatException {
        List<String> sans = subjectAlternativeNames(certificate);
        Optional<String> issuerV1 = rawUtf8(certificate, ISSUER_V1);
        Optional<String> issuer = utf8String(certificate, ISSUER);
        if (issuer.isPresent() && issuerV1.isPresent() && !issuer.get().equals(issuerV1.get())) {
            throw new RekorFormatException(RekorFailure.IDENTITY_ISSUER_CONFLICT,
                    "issuer " + issuer.get() + " (.1.8) and " + issuerV1.get() + " (.1.1)");
        }
        return new CertificateIdentity(sans, issuer.or(() -> issuerV1),
                utf8String(certificate, SOURCE_REPOSITORY_URI), utf8String(certificate, SOURCE_REPOSITORY_REF),
                utf8String(certificate, SOURCE_REPOSITORY_DIGEST), utf8String(certificate, BUILD_SIGNER_URI),
                utf8String(certificate, RUNNER_ENVIRONMENT), utf8String(certificate, BUILD_TRIGGER),
                utf8String(certificate, RUN_INVOCATION_URI),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    /** URI, email and DNS names, and Fulcio's username otherName; at least one is required. */
    private static List<String> subjectAlternativeNames(X509Certificate certificate) throws RekorFormatException {
        byte[] extension = certificate.getExtensionValue("2.5.29.17");
        if (extension == null) {
            throw malformed("the certificate has no subject alternative name");
        }
        List<String> names = new ArrayList<>();
        try {
            GeneralName[] all = GeneralNames.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getNames();
            if (all.length > MAX_SANS) {
                throw malformed(all.length + " subject alternative names");
            }
            for (GeneralName name : all) {
                switch (name.getTagNo()) {
                    case GeneralName.uniformResourceIdentifier, GeneralName.rfc822Name, GeneralName.dNSName ->
                            names.add(((ASN1String) name.getName()).getString());
                    case GeneralName.otherName -> username(name.getName()).ifPresent(names::add);
                    default -> {
                        // Fulcio issues none of the other forms; they name nothing a policy could match.
                    }
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw malformed("the subject alternative name extension cannot be decoded");
        }
        if (names.isEmpty()) {
            throw malformed("the certificate names no URI, email, DNS or username identity");
        }
        return List.copyOf(names);
    }

    /** OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String } with Fulcio's username type. */
    private static Optional<String> username(ASN1Encodable otherName) throws RekorFormatException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(otherName);
        if (sequence.size() != 2 || !USERNAME_SAN.equals(ASN1ObjectIdentifier.getInstance(sequence.getObjectAt(0)).getId())) {
            return Optional.empty();
        }
        ASN1Primitive value = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getExplicitBaseObject()
                .toASN1Primitive();
        if (!(value instanceof ASN1UTF8String text)) {
            throw malformed("the username SAN is not a UTF8String");
        }
        return Optional.of(text.getString());
    }

    private static Optional<String> utf8String(X509Certificate certificate, String oid) throws RekorFormatException {
        byte[] extension = certificate.getExtensionValue(oid);
        if (extension == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets());
            if (!(value instanceof ASN1UTF8String text)) {
                throw malformed("extension " + oid + " is not a UTF8String");
            }
            return Optional.of(text.getString());
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("extension " + oid + " is not DER");
        }
    }

    private static Optional<String> rawUtf8(X509Certificate certificate, String oid) throws RekorFormatException {
        byte[] extension = certificate.getExtensionValue(oid);
        if (extension == null) {
            return Optional.empty();
        }
        try {
            byte[] raw = ASN1OctetString.getInstance(extension).getOctets();
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString());
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw malformed("extension " + oid + " is not UTF-8 text");
        }
    }

    private static RekorFormatException malformed(String detail) {
        return new RekorFormatException(RekorFailure.IDENTITY_MALFORMED, detail);
    }
}
