package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.quote.TeeType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures themselves are checked with the JDK only, independently of the verifier under test. */
class TestPkiTest {

    private static final TestPki PKI = TestPki.generate();

    @Test
    void chainsAreSignedByTheirIssuers() throws Exception {
        PKI.pck().leaf().certificate().verify(PKI.platformCa().certificate().getPublicKey());
        PKI.platformCa().certificate().verify(PKI.rootCertificate().getPublicKey());
        PKI.tcbSigner().certificate().verify(PKI.rootCertificate().getPublicKey());
        assertNotNull(PKI.pck().leaf().certificate().getExtensionValue(TestPki.SGX_EXTENSION_OID));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate parsed = (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(PKI.rootCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(PKI.rootCertificate(), parsed);
    }

    @Test
    void collateralIsSignedAndCrlsVerify() throws Exception {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx());
        assertTrue(verifyRaw(PKI.tcbSigner().certificate(), c.tcbInfo(), c.tcbInfoSignature()));
        assertTrue(verifyRaw(PKI.tcbSigner().certificate(), c.qeIdentity(), c.qeIdentitySignature()));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509CRL pckCrl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(c.pckCrl()));
        pckCrl.verify(PKI.platformCa().certificate().getPublicKey());
        X509CRL rootCrl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(c.rootCaCrl()));
        rootCrl.verify(PKI.rootCertificate().getPublicKey());
        assertEquals(CollateralSpec.DEFAULT_UNTIL.plusSeconds(1), pckCrl.getNextUpdate().toInstant());
        assertTrue(c.tcbInfo().startsWith("{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"2024-01-01T00:00:00Z\""),
                c.tcbInfo());
    }

    @Test
    void tdxQuoteHasTheV4LayoutAndBindsTheAttestationKey() throws Exception {
        QuoteForge forge = PKI.forge();
        byte[] reportData = new byte[64];
        Arrays.fill(reportData, (byte) 0x42);
        byte[] quote = forge.tdx(TdReportSpec.defaults(), reportData);
        ByteBuffer b = ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4, b.getShort(0));
        assertEquals(0x81, b.getInt(4));
        assertArrayEquals(reportData, Arrays.copyOfRange(quote, 568, 632));
        int authLength = b.getInt(632);
        assertEquals(quote.length, 636 + authLength);
        assertEquals(6, b.getShort(636 + 128));
        byte[] key = Arrays.copyOfRange(quote, 636 + 64, 636 + 128);
        assertArrayEquals(forge.attestationPublicKey(), key);
        byte[] qeReport = Arrays.copyOfRange(quote, 770, 770 + 384);
        byte[] bound = TestSigner.sha256(concat(key, Arrays.copyOfRange(quote, 1220, 1252)));
        assertArrayEquals(bound, Arrays.copyOfRange(qeReport, 320, 352));
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(PKI.pck().leaf().certificate());
        v.update(qeReport);
        assertTrue(v.verify(Arrays.copyOfRange(quote, 1154, 1218)));
    }

    @Test
    void v5AndSgxSignedLengths() {
        QuoteForge forge = PKI.forge();
        byte[] v5 = forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()).tdReport15());
        assertEquals(702 + 4 + ByteBuffer.wrap(v5).order(ByteOrder.LITTLE_ENDIAN).getInt(702), v5.length);
        assertEquals(3, ByteBuffer.wrap(v5).order(ByteOrder.LITTLE_ENDIAN).getShort(48));
        byte[] sgx = forge.sgx(SgxReportSpec.defaults(), new byte[64]);
        assertEquals(432 + 4 + ByteBuffer.wrap(sgx).order(ByteOrder.LITTLE_ENDIAN).getInt(432), sgx.length);
    }

    @Test
    void fakePcsServesIntelShapedAnswers() throws Exception {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx());
        try (FakePcs pcs = FakePcs.start()) {
            pcs.serve(TeeType.TDX, "00906EA10000", "platform", c);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> tcb = client.send(HttpRequest.newBuilder(
                    URI.create(pcs.baseUrl() + "/tdx/certification/v4/tcb?fmspc=00906EA10000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tcb.statusCode());
            assertTrue(tcb.body().startsWith("{\"tcbInfo\":" + c.tcbInfo() + ",\"signature\":\""));
            String chain = tcb.headers().firstValue("TCB-Info-Issuer-Chain").orElseThrow();
            assertTrue(chain.startsWith("-----BEGIN%20CERTIFICATE-----%0A"), chain);
            assertEquals(1, pcs.requestCount("/tcb"));
        }
    }

    private static boolean verifyRaw(X509Certificate cert, String text, byte[] rs) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(cert);
        v.update(text.getBytes(StandardCharsets.UTF_8));
        return v.verify(rs);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
