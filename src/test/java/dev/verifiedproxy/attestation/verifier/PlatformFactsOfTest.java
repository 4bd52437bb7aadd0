package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.policy.PlatformFacts;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.IsvLevelSpec;
import dev.verifiedproxy.testing.dcap.ModuleIdentitySpec;
import dev.verifiedproxy.testing.dcap.QuoteForge;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.TcbLevelSpec;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.dcap.TestPki;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Out of date since" on forged, genuinely signed collateral with distinct tcbDates per level: the earliest date of
 * a level (platform, TDX module, QE) the quote does not reach; unknown when it reaches them all or a date is not a
 * date. The forged TD has TEE_TCB_SVN 03 01 02 00.. (module TDX_01 at ISVSVN 3), the PCK CPUSVN 0b0b0202ff01 with
 * PCESVN 13, the QE ISVSVN 4.
 */
class PlatformFactsOfTest {

    private static final TestPki PKI = TestPki.generate();
    private static final QuoteForge FORGE = PKI.forge();
    private static final DcapVerifier DCAP = new DcapVerifier(PKI.rootCertificate());
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private static final String NEWEST = "2025-02-11T00:00:00Z";
    private static final String NEWER = "2024-08-13T00:00:00Z";
    private static final String OLDEST = "2023-02-14T00:00:00Z";

    /** A platform level demanding TDX component 2 (what the forged TD has as 02) at least {@code svn}. */
    private static TcbLevelSpec platform(int svn, TcbStatus status, String... advisories) {
        int[] tdx = new int[16];
        tdx[2] = svn;
        return TcbLevelSpec.of(new int[16], 0, tdx, status, advisories);
    }

    private static ModuleIdentitySpec module(IsvLevelSpec... levels) {
        byte[] mask = new byte[8];
        java.util.Arrays.fill(mask, (byte) 0xFF);
        return new ModuleIdentitySpec("TDX_01", new byte[48], new byte[8], mask, List.of(levels));
    }

    /**
     * Signed collateral of the spec with each level's tcbDate replaced, in JSON order: platform levels, then the
     * TDX_01 identity's levels; and the QE identity's levels.
     */
    private static QuoteCollateral withDates(CollateralSpec spec, List<String> platform, List<String> module,
                                             List<String> qe) {
        JsonObject tcbInfo = read(PKI.tcbInfoJson(spec));
        JsonObjectBuilder info = Json.createObjectBuilder(tcbInfo).add("tcbLevels", dated(tcbInfo, platform));
        if (!module.isEmpty()) {
            JsonObject identity = tcbInfo.getJsonArray("tdxModuleIdentities").getJsonObject(0);
            info.add("tdxModuleIdentities", Json.createArrayBuilder().add(Json.createObjectBuilder(identity)
                    .add("tcbLevels", dated(identity, module))));
        }
        JsonObject qeIdentity = read(PKI.qeIdentityJson(spec));
        spec.tcbInfoJson(info.build().toString());
        if (!qe.isEmpty()) {
            spec.qeIdentityJson(Json.createObjectBuilder(qeIdentity).add("tcbLevels", dated(qeIdentity, qe)).build().toString());
        }
        return PKI.collateral(spec);
    }

    private static JsonArrayBuilder dated(JsonObject holder, List<String> dates) {
        JsonArrayBuilder levels = Json.createArrayBuilder();
        for (int i = 0; i < dates.size(); i++) {
            levels.add(Json.createObjectBuilder(holder.getJsonArray("tcbLevels").getJsonObject(i)).add("tcbDate", dates.get(i)));
        }
        return levels;
    }

    private static JsonObject read(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static DcapResult verify(QuoteSpec quote, QuoteCollateral collateral) {
        DcapResult result = DCAP.verify(FORGE.forge(quote), collateral, AT, DcapOptions.DEFAULT);
        assertTrue(result.verified(), result.toString());
        return result;
    }

    private static QuoteSpec quote() {
        return QuoteSpec.tdx(TdReportSpec.defaults());
    }

    /** The TD reaches the middle level: out of date since the newest level, the only one above it. */
    @Test
    void anOutOfDatePlatformIsOutOfDateSinceTheLevelAboveIt() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(platform(3, TcbStatus.UP_TO_DATE),
                platform(2, TcbStatus.OUT_OF_DATE, "INTEL-SA-00001"), platform(1, TcbStatus.OUT_OF_DATE, "INTEL-SA-00002")),
                List.of(NEWEST, NEWER, OLDEST), List.of(), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(new PlatformFacts(TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-00001"), Optional.of(Instant.parse(NEWEST))),
                PlatformFactsOf.of(result, Optional.of(c)));
    }

    /** Two levels above: the first recovery made it out of date, so the earlier date counts, not the newest. */
    @Test
    void withSeveralNewerLevelsTheEarliestCounts() {
        byte[] svn = TdReportSpec.defaults().teeTcbSvn().clone();
        svn[2] = 1;
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(platform(3, TcbStatus.UP_TO_DATE),
                platform(2, TcbStatus.OUT_OF_DATE), platform(1, TcbStatus.OUT_OF_DATE)),
                List.of(NEWEST, NEWER, OLDEST), List.of(), List.of());
        DcapResult result = verify(QuoteSpec.tdx(TdReportSpec.builder().teeTcbSvn(svn).build()), c);
        assertEquals(Optional.of(Instant.parse(NEWER)), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
    }

    /** The status can come from the TDX module's own levels: their dates count too. */
    @Test
    void anOutOfDateModuleIsOutOfDateSinceItsNewerLevel() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().moduleIdentities(module(IsvLevelSpec.of(5, TcbStatus.UP_TO_DATE),
                IsvLevelSpec.of(3, TcbStatus.OUT_OF_DATE), IsvLevelSpec.of(0, TcbStatus.OUT_OF_DATE))),
                List.of(OLDEST), List.of(NEWEST, NEWER, OLDEST), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(Optional.of(Instant.parse(NEWEST)), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
    }

    /** ... and from the QE's. */
    @Test
    void anOutOfDateQuotingEnclaveIsOutOfDateSinceItsNewerLevel() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().qeLevels(IsvLevelSpec.of(8, TcbStatus.UP_TO_DATE),
                IsvLevelSpec.of(4, TcbStatus.OUT_OF_DATE), IsvLevelSpec.of(0, TcbStatus.OUT_OF_DATE)),
                List.of(OLDEST), List.of(), List.of(NEWER, OLDEST, OLDEST));
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(Optional.of(Instant.parse(NEWER)), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
    }

    /** Intel marks the only level OutOfDate: nothing newer says since when, so the date is unknown. */
    @Test
    void aQuoteThatReachesEveryLevelHasNoDate() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(platform(1, TcbStatus.OUT_OF_DATE)), List.of(NEWER),
                List.of(), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(Optional.empty(), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
        assertEquals(Optional.empty(), PlatformFactsOf.of(result, Optional.empty()).outOfDateSince(), "no collateral, no date");
    }

    /** A tcbDate that is not a date makes it unknown (the grace rule then fails), never ignored. */
    @Test
    void aDateThatDoesNotParseMakesItUnknown() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(platform(3, TcbStatus.UP_TO_DATE),
                platform(2, TcbStatus.OUT_OF_DATE)), List.of("soon", NEWER), List.of(), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(Optional.empty(), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
    }

    /**
     * DCAP compares TDX components from index 2 for a versioned module (the module identity judges 0 and 1); the date
     * rule compares all 16, so a level demanding a newer module counts as not reached: an earlier date, never a later
     * one. Here DCAP matches that level (OutOfDate), and its own date is the answer instead of "unknown".
     */
    @Test
    void theDateRuleIsStricterThanDcapsMatching() {
        int[] tdx = new int[16];
        tdx[0] = 9;
        tdx[2] = 2;
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(TcbLevelSpec.of(new int[16], 0, tdx, TcbStatus.OUT_OF_DATE)),
                List.of(NEWER), List.of(), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(TcbStatus.OUT_OF_DATE, result.status());
        assertEquals(Optional.of(Instant.parse(NEWER)), PlatformFactsOf.of(result, Optional.of(c)).outOfDateSince());
    }

    /** Only an out-of-date status has a date; only a verified quote has platform facts. */
    @Test
    void anUpToDatePlatformHasNoDateAndAFailedQuoteNoFacts() {
        QuoteCollateral c = withDates(CollateralSpec.tdx().tcbLevels(platform(2, TcbStatus.UP_TO_DATE)), List.of(NEWER),
                List.of(), List.of());
        DcapResult result = verify(quote(), c);
        assertEquals(new PlatformFacts(TcbStatus.UP_TO_DATE, List.of(), Optional.empty()), PlatformFactsOf.of(result,
                Optional.of(c)));
        DcapResult failed = DCAP.verify(FORGE.forge(quote()), c, Instant.parse("2051-01-01T00:00:00Z"), DcapOptions.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> PlatformFactsOf.of(failed, Optional.of(c)));
    }
}
