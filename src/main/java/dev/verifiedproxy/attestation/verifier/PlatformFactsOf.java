package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.IsvTcbLevel;
import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.collateral.TcbLevel;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.collateral.TdxModule;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.policy.PlatformFacts;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.quote.TdReport10;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform facts of a verified DCAP result for the policy's {@code platform.tcbStatus} rule: Intel's TCB
 * status and advisories, and since when the platform has been out of date (what {@code outOfDateGraceDays}
 * counts from).
 *
 * <p><b>Out of date since</b> is the earliest {@code tcbDate} of any TCB level, among the platform levels of the
 * TCB info, the levels of the quote's TDX module identity and the levels of the QE identity, that this quote
 * does <i>not</i> reach. Why: Intel marks a level OutOfDate when a TCB recovery publishes a newer level, whose
 * {@code tcbDate} is the date of that recovery; the platform has therefore been out of date since the earliest
 * tcbDate of the levels above the one it matched. Every level above the match is one the quote does not reach
 * (the match is the first level reached), so taking all unreached levels can only give an earlier date, never a
 * later one: the grace period can end too soon, never too late (fail closed). It also needs no second copy of
 * DCAP's level matching. For the same reason a level counts as reached only when every component is at least
 * the level's: PCESVN, all 16 SGX components against the PCK certificate's CPUSVN, and for TDX all 16 TDX
 * components against TEE_TCB_SVN (DCAP skips the first two for a versioned module, which its identity judges;
 * comparing them too can only add unreached levels).
 *
 * <p>The dates come from the same signed collateral objects the DCAP step verified. The date is unknown (and the
 * grace rule fails with {@code out_of_date_since_unknown}) when the status is not OutOfDate, when the quote
 * reaches every level (Intel marked its newest level itself OutOfDate: nothing says since when), or when the
 * collateral or a date cannot be read.
 */
public final class PlatformFactsOf {

    private PlatformFactsOf() {
    }

    /**
     * @param verified   a DCAP result that {@linkplain DcapResult#verified() verified}
     * @param collateral the collateral that verification used (empty when it is not known)
     */
    public static PlatformFacts of(DcapResult verified, Optional<QuoteCollateral> collateral) {
        if (!verified.verified()) {
            throw new IllegalArgumentException("platform facts come from a verified quote only");
        }
        boolean outOfDate = verified.status() == TcbStatus.OUT_OF_DATE
                || verified.status() == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        Optional<Instant> since = outOfDate ? collateral.flatMap(c -> outOfDateSince(verified, c)) : Optional.empty();
        return new PlatformFacts(verified.status(), verified.advisoryIds(), since);
    }

    /** The rule of the class comment, for any verified result (whatever its status). */
    static Optional<Instant> outOfDateSince(DcapResult verified, QuoteCollateral collateral) {
        try {
            TcbInfo tcbInfo = CollateralJson.tcbInfo(collateral.tcbInfo());
            QeIdentity qeIdentity = CollateralJson.qeIdentity(collateral.qeIdentity());
            TdReport10 td = verified.quote().tdReport();
            List<String> dates = new ArrayList<>();
            for (TcbLevel level : tcbInfo.tcbLevels()) {
                if (!reaches(verified, td, level)) {
                    dates.add(level.tcbDate());
                }
            }
            if (td != null && td.teeTcbSvn().get(1) > 0) {
                String id = String.format(Locale.ROOT, "TDX_%02X", td.teeTcbSvn().get(1));
                Optional<TdxModule> module = tcbInfo.tdxModuleIdentities().stream()
                        .filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
                if (module.isEmpty()) {
                    return Optional.empty();
                }
                unreached(module.get().tcbLevels(), td.teeTcbSvn().get(0), dates);
            }
            unreached(qeIdentity.tcbLevels(), verified.quote().signature().qeReport().isvSvn(), dates);
            List<Instant> instants = new ArrayList<>();
            for (String date : dates) {
                instants.add(Instant.parse(date));
            }
            return instants.stream().min(Comparator.naturalOrder());
        } catch (CollateralFormatException | DateTimeException e) {
            // Unreadable here means unknown: the grace rule then fails closed.
            return Optional.empty();
        }
    }

    private static void unreached(List<IsvTcbLevel> levels, int isvSvn, List<String> dates) {
        levels.stream().filter(l -> isvSvn < l.isvSvn()).forEach(l -> dates.add(l.tcbDate()));
    }

    private static boolean reaches(DcapResult verified, TdReport10 td, TcbLevel level) {
        if (verified.pck().pceSvn() < level.pceSvn() || !atLeast(verified.pck().cpuSvn(), level.sgxComponents())) {
            return false;
        }
        return td == null || atLeast(td.teeTcbSvn(), level.tdxComponents());
    }

    /** Component-wise, over all 16; a level of another length is never reached (its date counts). */
    private static boolean atLeast(Bytes platform, Bytes level) {
        if (platform.length() != 16 || level.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (platform.get(i) < level.get(i)) {
                return false;
            }
        }
        return true;
    }
}
