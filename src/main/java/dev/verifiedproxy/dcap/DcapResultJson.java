package dev.verifiedproxy.dcap;

import dev.verifiedproxy.quote.EnclaveReport;
import dev.verifiedproxy.quote.QuoteBody;
import dev.verifiedproxy.quote.TdReport10;
import dev.verifiedproxy.quote.TdReport15;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.List;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * {@link DcapResult} as JSON, the shape of {@code POST /verify/quote} (architecture.md §4): {@code verified},
 * {@code error}, {@code teeType}, {@code version}, {@code status}, {@code advisoryIds}, {@code fmspc},
 * {@code report} (lower-case hex, camelCase), plus facts the contract leaves open: {@code failure} (the
 * {@link DcapFailure} name) and its detail, {@code ppid}, {@code pckCa}, the component statuses,
 * {@code collateralValidUntil} and {@code at} (unix seconds). Statuses appear only when {@code verified}
 * is true, so that no client can mistake the status of a rejected quote for an accepted one.
 */
public final class DcapResultJson {

    private DcapResultJson() {
    }

    public static JsonObject toJson(DcapResult r) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("verified", r.verified());
        if (r.verified()) {
            b.addNull("error").addNull("failure");
        } else {
            b.add("error", r.failure().name() + ": " + r.message()).add("failure", r.failure().name());
            if (r.certificateProblem() != null) {
                b.add("certificateProblem", r.certificateProblem().name());
            }
            if (r.formatProblem() != null) {
                b.add("formatProblem", r.formatProblem().name());
            }
        }
        if (r.quote() == null) {
            b.addNull("teeType").addNull("version");
        } else {
            b.add("teeType", r.quote().teeType().name()).add("version", r.quote().version());
        }
        if (r.verified()) {
            b.add("status", r.status().text()).add("advisoryIds", strings(r.advisoryIds()));
        } else {
            b.addNull("status").add("advisoryIds", JSON.createArrayBuilder());
        }
        if (r.pck() == null) {
            b.addNull("fmspc");
        } else {
            b.add("fmspc", r.pck().fmspc().hex()).add("ppid", r.pck().ppid().hex())
                    .add("pckCa", r.pck().ca().pcsName());
        }
        if (r.quote() == null) {
            b.addNull("report");
        } else {
            b.add("report", report(r.quote().body()));
        }
        if (r.verified()) {
            b.add("platformStatus", status(r.platformTcb())).add("qeStatus", status(r.qeTcb()));
            if (r.moduleTcb() != null) {
                b.add("tdxModuleStatus", status(r.moduleTcb()));
            }
        }
        if (r.collateralValidUntil() != null) {
            b.add("collateralValidUntil", seconds(r.collateralValidUntil()));
        }
        return b.add("at", seconds(r.at())).build();
    }

    /** The report fields: lower-case hex, camelCase names. */
    public static JsonObject report(QuoteBody body) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        if (body instanceof EnclaveReport sgx) {
            return b.add("cpuSvn", sgx.cpuSvn().hex()).add("miscSelect", sgx.miscSelect())
                    .add("attributes", sgx.attributes().hex()).add("mrEnclave", sgx.mrEnclave().hex())
                    .add("mrSigner", sgx.mrSigner().hex()).add("isvProdId", sgx.isvProdId())
                    .add("isvSvn", sgx.isvSvn()).add("reportData", sgx.reportData().hex()).build();
        }
        TdReport10 td = body instanceof TdReport15 td15 ? td15.base() : (TdReport10) body;
        b.add("teeTcbSvn", td.teeTcbSvn().hex()).add("mrSeam", td.mrSeam().hex())
                .add("mrSignerSeam", td.mrSignerSeam().hex()).add("seamAttributes", td.seamAttributes().hex())
                .add("tdAttributes", td.tdAttributes().hex()).add("xfam", td.xfam().hex()).add("mrTd", td.mrTd().hex())
                .add("mrConfigId", td.mrConfigId().hex()).add("mrOwner", td.mrOwner().hex())
                .add("mrOwnerConfig", td.mrOwnerConfig().hex()).add("rtmr0", td.rtmr0().hex())
                .add("rtmr1", td.rtmr1().hex()).add("rtmr2", td.rtmr2().hex()).add("rtmr3", td.rtmr3().hex())
                .add("reportData", td.reportData().hex());
        if (body instanceof TdReport15 td15) {
            b.add("teeTcbSvn2", td15.teeTcbSvn2().hex()).add("mrServiceTd", td15.mrServiceTd().hex());
        }
        return b.build();
    }

    private static JsonObjectBuilder status(TcbResult result) {
        return JSON.createObjectBuilder().add("status", result.status().text())
                .add("advisoryIds", strings(result.advisoryIds()));
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
