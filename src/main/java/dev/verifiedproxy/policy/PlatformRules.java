package dev.verifiedproxy.policy;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.verdict.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code platform}: TCB status and advisories, the debug bit, TD attributes, zero fields, TDX module. */
final class PlatformRules {

    static final String TCB_STATUS = "tcb_status";
    static final String TD_DEBUG = "td_debug";
    static final String TD_ATTRIBUTES = "td_attributes";
    static final String ZERO_FIELDS = "zero_fields";
    static final String MR_SEAM = "mr_seam";

    private PlatformRules() {
    }

    static Check tcbStatus(TcbStatusRule rule, Optional<PlatformFacts> platform, Instant at) {
        if (platform.isEmpty()) {
            return Check.fail(TCB_STATUS, PolicyFailure.QUOTE_NOT_VERIFIED, "no DCAP result for this quote");
        }
        PlatformFacts p = platform.get();
        String observed = "status " + p.status().text() + ", advisories " + p.advisoryIds()
                + p.outOfDateSince().map(since -> ", out of date since " + since).orElse("");
        if (!rule.allow().contains(p.status())) {
            return Check.fail(TCB_STATUS, PolicyFailure.TCB_STATUS_NOT_ALLOWED, observed + "; allowed " + texts(rule));
        }
        boolean outOfDate = p.status() == TcbStatus.OUT_OF_DATE || p.status() == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        if (outOfDate && rule.outOfDateGraceDays() > 0) {
            if (p.outOfDateSince().isEmpty()) {
                return Check.fail(TCB_STATUS, PolicyFailure.OUT_OF_DATE_SINCE_UNKNOWN, observed);
            }
            Duration late = Duration.between(p.outOfDateSince().get(), at);
            if (late.compareTo(Duration.ofDays(rule.outOfDateGraceDays())) > 0) {
                return Check.fail(TCB_STATUS, PolicyFailure.OUT_OF_DATE_GRACE_EXPIRED, observed + "; grace "
                        + rule.outOfDateGraceDays() + " days");
            }
        }
        List<String> unexpected = p.advisoryIds().stream().filter(a -> !rule.allowAdvisoryIds().contains(a)).toList();
        if (!unexpected.isEmpty()) {
            return Check.fail(TCB_STATUS, PolicyFailure.ADVISORY_NOT_ALLOWED, observed + "; not allowed: " + unexpected);
        }
        return Check.pass(TCB_STATUS, observed + " allowed");
    }

    private static List<String> texts(TcbStatusRule rule) {
        return rule.allow().stream().sorted().map(TcbStatus::text).toList();
    }

    /** Not configurable: a debug TD proves nothing. */
    static Check debug(TdMeasurements td) {
        return td.debug()
                ? Check.fail(TD_DEBUG, PolicyFailure.DEBUG_TD, "TD_ATTRIBUTES " + td.tdAttributes())
                : Check.pass(TD_DEBUG, "debug bit clear (TD_ATTRIBUTES " + td.tdAttributes() + ")");
    }

    static Check tdAttributes(Optional<String> exact, TdMeasurements td) {
        if (exact.isEmpty()) {
            return Check.notPinned(TD_ATTRIBUTES, "observed " + td.tdAttributes());
        }
        return Hex.sameBytes(exact.get(), td.tdAttributes())
                ? Check.pass(TD_ATTRIBUTES, "TD_ATTRIBUTES = " + td.tdAttributes())
                : Check.fail(TD_ATTRIBUTES, PolicyFailure.TD_ATTRIBUTES_MISMATCH, "observed " + td.tdAttributes()
                        + ", pinned " + exact.get());
    }

    static Check zeroFields(PlatformPolicy platform, TdMeasurements td) {
        List<String> nonZero = new ArrayList<>();
        for (ZeroField f : ZeroField.values()) {
            if (platform.mustBeZero().contains(f) && !Hex.isZero(f.valueIn(td))) {
                nonZero.add(f.json() + " = " + f.valueIn(td));
            }
        }
        List<String> checked = platform.mustBeZero().stream().sorted().map(ZeroField::json).toList();
        return nonZero.isEmpty() ? Check.pass(ZERO_FIELDS, "all zero: " + checked)
                : Check.fail(ZERO_FIELDS, PolicyFailure.NON_ZERO_FIELD, String.join(", ", nonZero));
    }

    static Check mrSeam(Optional<AllowList> allow, TdMeasurements td) {
        if (allow.isEmpty()) {
            return Check.notPinned(MR_SEAM, "observed " + td.mrSeam());
        }
        Check c = Digests.contains(allow.get().values(), td.mrSeam())
                ? Check.pass(MR_SEAM, "MR_SEAM " + td.mrSeam() + " allowed")
                : Check.fail(MR_SEAM, PolicyFailure.MR_SEAM_NOT_ALLOWED, "observed " + td.mrSeam() + ", "
                        + allow.get().values().size()
                + " allowed");
        return PolicyEvaluator.apply(allow.get().mode(), c);
    }
}
