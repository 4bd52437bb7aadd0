package dev.verifiedproxy.collateral;

import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.DcapVector;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PCS client against a fake PCS on 127.0.0.1 serving the real sample collateral with Intel's header names. */
class IntelPcsClientTest {

    private FakePcs pcs;
    private JdkHttpFetcher fetcher;

    @BeforeEach
    void start() {
        pcs = FakePcs.start();
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        fetcher.close();
        pcs.close();
    }

    private IntelPcsClient client(long maxBytes) {
        return new IntelPcsClient(fetcher, pcs.baseUrl(), Duration.ofSeconds(5), maxBytes);
    }

    @Test
    void fetchesTheRealTdxCollateralByteForByte() throws Exception {
        DcapVector v = DcapVector.ALL.get(1);
        QuoteCollateral sample = v.collateralValue();
        pcs.serve(TeeType.TDX, "B0C06F000000", "platform", sample);
        CollateralKey key = DcapService.collateralKey(QuoteParser.parse(v.quoteBytes()));
        assertEquals(new CollateralKey(TeeType.TDX, "b0c06f000000", PckCa.PLATFORM), key);
        QuoteCollateral fetched = client(1 << 20).fetch(key);
        assertEquals(sample, fetched);
        assertEquals(4, pcs.requests().size());
        assertTrue(pcs.requests().contains("/tdx/certification/v4/tcb?fmspc=B0C06F000000"), pcs.requests().toString());
        assertTrue(pcs.requests().contains("/sgx/certification/v4/pckcrl?ca=platform&encoding=der"));
        assertTrue(pcs.requests().contains("/tdx/certification/v4/qe/identity?update=standard"));
        DcapResult r = new DcapService(DcapVerifier.withIntelRootCa(), client(1 << 20))
                .verify(v.quoteBytes(), null, v.at(), DcapOptions.DEFAULT);
        assertTrue(r.verified(), r.toString());
    }

    @Test
    void fetchesTheRealSgxCollateralWithTheV3HeaderName() throws Exception {
        DcapVector v = DcapVector.ALL.get(0);
        pcs.useV3TcbInfoHeader(true).serve(TeeType.SGX, "00A067110000", "processor", v.collateralValue());
        QuoteCollateral fetched = client(1 << 20)
                .fetch(new CollateralKey(TeeType.SGX, "00A067110000", PckCa.PROCESSOR));
        assertEquals(v.collateralValue(), fetched);
    }

    @Test
    void testPkiCollateralRoundTrips() throws Exception {
        TestPki pki = TestPki.generate();
        QuoteCollateral c = pki.collateral(CollateralSpec.tdx());
        pcs.serve(TeeType.TDX, pki.pck().spec().fmspcHex(), "platform", c);
        assertEquals(c, client(1 << 20).fetch(new CollateralKey(TeeType.TDX, pki.pck().spec().fmspcHex(), PckCa.PLATFORM)));
    }

    @Test
    void failuresAreTyped() {
        pcs.serve(TeeType.TDX, "B0C06F000000", "platform", DcapVector.ALL.get(1).collateralValue());
        CollateralKey key = new CollateralKey(TeeType.TDX, "B0C06F000000", PckCa.PLATFORM);
        assertEquals(CollateralException.Reason.HTTP_STATUS, assertThrows(CollateralException.class,
                () -> client(1 << 20).fetch(new CollateralKey(TeeType.TDX, "000000000000", PckCa.PLATFORM))).reason());
        assertEquals(CollateralException.Reason.TOO_LARGE,
                assertThrows(CollateralException.class, () -> client(1024).fetch(key)).reason());
        pcs.failNext(1, 503);
        assertEquals(CollateralException.Reason.HTTP_STATUS,
                assertThrows(CollateralException.class, () -> client(1 << 20).fetch(key)).reason());
        IntelPcsClient nowhere = new IntelPcsClient(fetcher, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2), 1024);
        assertEquals(CollateralException.Reason.UNREACHABLE,
                assertThrows(CollateralException.class, () -> nowhere.fetch(key)).reason());
    }

    @Test
    void fromAnyOtherBaseTheRootCrlComesFromThatBase() throws Exception {
        DcapVector v = DcapVector.ALL.get(1);
        pcs.serve(TeeType.TDX, "B0C06F000000", "platform", v.collateralValue());
        client(1 << 20).fetch(new CollateralKey(TeeType.TDX, "B0C06F000000", PckCa.PLATFORM));
        assertEquals(1, pcs.requestCount("/sgx/certification/v4/rootcacrl"), pcs.requests().toString());
    }

    /**
     * Intel PCS has no rootcacrl endpoint: from its base URL the root CA CRL comes from the fixed address
     * Intel publishes, as DER. Offline: a fetcher that answers the four URLs as Intel's services do.
     */
    @Test
    void fromIntelPcsTheRootCrlComesFromIntelsFixedUrl() throws Exception {
        DcapVector v = DcapVector.ALL.get(1);
        QuoteCollateral sample = v.collateralValue();
        List<URI> asked = new CopyOnWriteArrayList<>();
        HttpFetcher intel = request -> {
            URI uri = request.uri();
            asked.add(uri);
            String path = uri.getHost() + uri.getPath();
            if (path.equals("api.trustedservices.intel.com/sgx/certification/v4/pckcrl")) {
                return new FetchedResponse(200, Map.of("SGX-PCK-CRL-Issuer-Chain",
                        List.of(FakePcs.urlEncode(sample.pckCrlIssuerChain()))), sample.pckCrl());
            }
            if (path.equals("api.trustedservices.intel.com/tdx/certification/v4/tcb")) {
                return new FetchedResponse(200, Map.of("TCB-Info-Issuer-Chain",
                        List.of(FakePcs.urlEncode(sample.tcbInfoIssuerChain()))), ("{\"tcbInfo\":" + sample.tcbInfo()
                        + ",\"signature\":\"" + HexFormat.of().formatHex(sample.tcbInfoSignature()) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (path.equals("api.trustedservices.intel.com/tdx/certification/v4/qe/identity")) {
                return new FetchedResponse(200, Map.of("SGX-Enclave-Identity-Issuer-Chain",
                        List.of(FakePcs.urlEncode(sample.qeIdentityIssuerChain()))), ("{\"enclaveIdentity\":"
                        + sample.qeIdentity() + ",\"signature\":\"" + HexFormat.of().formatHex(sample.qeIdentitySignature())
                        + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            if (uri.equals(IntelPcsClient.INTEL_ROOT_CA_CRL)) {
                return new FetchedResponse(200, Map.of("Content-Type", List.of("application/pkix-crl")),
                        sample.rootCaCrl());
            }
            return new FetchedResponse(404, Map.of(), new byte[0]);
        };
        for (String base : List.of("https://api.trustedservices.intel.com",
                "https://api.trustedservices.intel.com/tdx/certification/v4/")) {
            asked.clear();
            IntelPcsClient client = new IntelPcsClient(intel, URI.create(base), Duration.ofSeconds(5), 1 << 20);
            QuoteCollateral fetched = client.fetch(new CollateralKey(TeeType.TDX, "B0C06F000000", PckCa.PLATFORM));
            assertEquals(sample, fetched, base);
            assertTrue(asked.contains(URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der")),
                    asked.toString());
            assertTrue(asked.stream().noneMatch(u -> u.getPath().endsWith("/rootcacrl")), asked.toString());
            assertEquals(4, asked.size(), asked.toString());
        }
    }

    @Test
    void baseUrlNormalizationAndRootCrlLocation() {
        assertEquals("https://pccs.example", IntelPcsClient.normalize(URI.create("https://pccs.example/")));
        assertEquals("https://pccs.example", IntelPcsClient.normalize(URI.create("https://pccs.example/sgx/certification/v4/")));
        assertEquals("https://api.trustedservices.intel.com",
                IntelPcsClient.normalize(URI.create("https://api.trustedservices.intel.com/tdx/certification/v4")));
    }

    @Test
    void percentDecodingKeepsPlus() throws Exception {
        assertEquals("a+b c\n", IntelPcsClient.percentDecode("a+b%20c%0A"));
        assertEquals("a+b", IntelPcsClient.percentDecode("a%2Bb"));
        assertThrows(CollateralFormatException.class, () -> IntelPcsClient.percentDecode("%G0"));
        assertThrows(CollateralFormatException.class, () -> IntelPcsClient.percentDecode("%0"));
    }

    @Test
    void rawJsonCutsTheExactMember() throws Exception {
        String body = "{ \"signature\" : \"ab\", \"tcbInfo\" :{\"a\":[1, {\"b\":\"}\\\"\"}],\"c\":null} }";
        assertEquals("{\"a\":[1, {\"b\":\"}\\\"\"}],\"c\":null}", RawJson.member(body, "tcbInfo"));
        assertThrows(CollateralFormatException.class, () -> RawJson.member("{\"x\":1}", "tcbInfo"));
        assertThrows(CollateralFormatException.class, () -> RawJson.member("[1]", "tcbInfo"));
        assertThrows(CollateralFormatException.class, () -> RawJson.member("{\"tcbInfo\":", "tcbInfo"));
    }
}
