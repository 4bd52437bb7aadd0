package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.Pem;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seeds for the Jazzer fuzz tests of the parsers of untrusted DCAP input (quotes, PEM, CRLs, collateral
 * JSON, the PCK SGX extension). Two sources, neither of them copies of the shared samples inside the
 * repository:
 * <ul>
 *   <li>{@link #main} writes the forged regression corpora under {@code src/test/resources} (test PKI, random
 *       keys; rerun it to regenerate them). The normal test run replays these.</li>
 *   <li>{@link #seedFromSamples} runs at fuzz time only ({@code JAZZER_FUZZ} set): it writes the real
 *       quotes, chains, CRLs and collateral texts of {@code ../shared/samples/dcap} into the fuzzer's
 *       working corpus {@code .cifuzz-corpus/} (git-ignored), so real 5-8 KB inputs are mutated too.</li>
 * </ul>
 * libFuzzer sizes its inputs by the largest seed when no {@code -max_len} is given, so the quote corpus
 * carries a 16 KiB forged quote: mutations may grow well past the 5,006 bytes of a real TDX quote.
 */
public final class FuzzCorpus {

    private static final Path RESOURCES = Path.of("src/test/resources/dev/verifiedproxy");

    private FuzzCorpus() {
    }

    /** Whether this JVM is fuzzing (Jazzer's switch), as opposed to replaying the regression corpus. */
    public static boolean fuzzing() {
        String value = System.getenv("JAZZER_FUZZ");
        return value != null && !value.isEmpty();
    }

    /**
     * At fuzz time, adds these inputs to the working corpus of {@code testClass}'s fuzz test {@code method}
     * (Jazzer reads {@code .cifuzz-corpus/<class>/<method>} in the project directory). A no-op otherwise.
     */
    public static void seedFromSamples(Class<?> testClass, String method, List<byte[]> inputs) {
        if (!fuzzing()) {
            return;
        }
        Path dir = Path.of(".cifuzz-corpus", testClass.getName(), method);
        try {
            Files.createDirectories(dir);
            for (byte[] input : inputs) {
                Files.write(dir.resolve("sample-" + sha256(input).substring(0, 16)), input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- real inputs (read in place)

    /** Every real quote of the DCAP vectors, decoded. */
    public static List<byte[]> realQuotes() {
        Set<String> files = new LinkedHashSet<>();
        DcapVector.ALL.forEach(v -> files.add(v.quote()));
        return files.stream().map(DcapSamples::quote).toList();
    }

    /** Every real collateral bundle of the DCAP vectors. */
    public static List<QuoteCollateral> realCollateral() {
        Set<String> files = new LinkedHashSet<>();
        DcapVector.ALL.forEach(v -> files.add(v.collateral()));
        List<QuoteCollateral> out = new ArrayList<>();
        for (String file : files) {
            try {
                out.add(CollateralJson.quoteCollateral(DcapSamples.text(file)));
            } catch (CollateralFormatException e) {
                throw new IllegalStateException(file + " does not parse", e);
            }
        }
        return out;
    }

    /** The real collateral JSON files, as bytes. */
    public static List<byte[]> realCollateralFiles() {
        Set<String> files = new LinkedHashSet<>();
        DcapVector.ALL.forEach(v -> files.add(v.collateral()));
        return files.stream().map(DcapSamples::bytes).toList();
    }

    /** The PEM certificate chains of the real quotes and collateral. */
    public static List<byte[]> realChains() {
        List<byte[]> out = new ArrayList<>();
        for (QuoteCollateral c : realCollateral()) {
            out.add(c.tcbInfoIssuerChain().getBytes(StandardCharsets.ISO_8859_1));
            out.add(c.pckCrlIssuerChain().getBytes(StandardCharsets.ISO_8859_1));
        }
        for (byte[] quote : realQuotes()) {
            try {
                out.add(dev.verifiedproxy.quote.QuoteParser.parse(quote).signature().certification().data().toArray());
            } catch (dev.verifiedproxy.quote.QuoteFormatException e) {
                throw new IllegalStateException("a real quote does not parse", e);
            }
        }
        return out;
    }

    /** The SGX extension values of the real PCK leaves. */
    public static List<byte[]> realSgxExtensions() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] chain : realChains()) {
            try {
                for (X509Certificate c : Pem.certificates(new String(chain, StandardCharsets.ISO_8859_1))) {
                    byte[] extension = c.getExtensionValue(TestPki.SGX_EXTENSION_OID);
                    if (extension != null) {
                        out.add(extension);
                    }
                }
            } catch (CollateralFormatException e) {
                throw new IllegalStateException("a real chain does not parse", e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- forged regression corpora

    /** Writes the forged seeds of every fuzz test; run from the project directory. */
    public static void main(String[] args) throws IOException {
        TestPki pki = TestPki.generate();
        QuoteForge forge = pki.forge();
        write("quote/QuoteParserFuzzTestInputs/parse", quoteSeeds(forge));
        QuoteCollateral tdx = pki.collateral(CollateralSpec.tdx().revokeInPckCrl(BigInteger.valueOf(0x1234)));
        QuoteCollateral sgx = pki.collateral(CollateralSpec.sgx().pckCertificateChain(pki.pck()));
        Map<String, byte[]> chains = new LinkedHashMap<>();
        chains.put("pck_chain_nul_terminated", (pki.pck().chainPem() + "\0").getBytes(StandardCharsets.ISO_8859_1));
        chains.put("tcb_signing_chain", pki.tcbSigningChainPem().getBytes(StandardCharsets.ISO_8859_1));
        chains.put("begin_without_end", "-----BEGIN CERTIFICATE-----\nMIIB\n".getBytes(StandardCharsets.ISO_8859_1));
        write("collateral/PemFuzzTestInputs/certificates", chains);
        write("collateral/PemFuzzTestInputs/crl", Map.of("pck_crl_one_revoked", tdx.pckCrl(),
                "root_crl_empty", tdx.rootCaCrl()));
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        bundles.put("tdx", utf8(CollateralJson.toJson(tdx).toString()));
        bundles.put("sgx_with_pck_chain", utf8(CollateralJson.toJson(sgx).toString()));
        write("collateral/CollateralJsonFuzzTestInputs/quoteCollateral", bundles);
        QuoteCollateral levels = pki.collateral(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 2, new int[16], TcbStatus.OUT_OF_DATE, "INTEL-SA-00001"),
                        TcbLevelSpec.lowest(TcbStatus.REVOKED))
                .qeLevels(IsvLevelSpec.of(8, TcbStatus.UP_TO_DATE), IsvLevelSpec.of(2, TcbStatus.OUT_OF_DATE, "A")));
        write("collateral/CollateralJsonFuzzTestInputs/tcbInfo", Map.of("tdx_with_module_identity", utf8(tdx.tcbInfo()),
                "sgx", utf8(sgx.tcbInfo()), "tdx_two_levels", utf8(levels.tcbInfo())));
        write("collateral/CollateralJsonFuzzTestInputs/qeIdentity", Map.of("td_qe", utf8(tdx.qeIdentity()),
                "qe", utf8(sgx.qeIdentity()), "td_qe_two_levels", utf8(levels.qeIdentity())));
        write("collateral/CollateralJsonFuzzTestInputs/pcsAnswer", Map.of("tcb_info_answer",
                utf8("{\"tcbInfo\":" + tdx.tcbInfo() + ",\"signature\":\""
                        + HexFormat.of().formatHex(tdx.tcbInfoSignature()) + "\"}")));
        Map<String, byte[]> extensions = new LinkedHashMap<>();
        extensions.put("platform_pck", sgxExtension(pki.pck()));
        extensions.put("processor_pck", sgxExtension(pki.newPck(PckSpec.defaults().caType(PckSpec.CaType.PROCESSOR))));
        extensions.put("no_fmspc", sgxExtension(pki.newPck(PckSpec.defaults().omit("fmspc"))));
        write("dcap/PckExtensionsFuzzTestInputs/sgxExtension", extensions);
    }

    private static Map<String, byte[]> quoteSeeds(QuoteForge forge) {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] v4 = forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()));
        seeds.put("tdx_v4_5006", forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()).trailing(new byte[5006 - v4.length])));
        byte[] v5 = forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()).version(5).tdReport15());
        seeds.put("tdx_v5_td15_5006", forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()).version(5).tdReport15()
                .trailing(new byte[5006 - v5.length])));
        // The largest seed sets libFuzzer's max_len: 16 KiB, with the bulk in a parsed field (QE auth data).
        byte[] big = forge.forge(QuoteSpec.tdx(TdReportSpec.defaults()).qeAuthData(new byte[32]));
        seeds.put("tdx_v4_16k", forge.forge(QuoteSpec.tdx(TdReportSpec.defaults())
                .qeAuthData(new byte[32 + 16 * 1024 - big.length])));
        return seeds;
    }

    private static byte[] sgxExtension(TestPck pck) {
        return pck.leaf().certificate().getExtensionValue(TestPki.SGX_EXTENSION_OID);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(String dir, Map<String, byte[]> seeds) throws IOException {
        Path target = RESOURCES.resolve(dir);
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(target.resolve(seed.getKey()), seed.getValue());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
