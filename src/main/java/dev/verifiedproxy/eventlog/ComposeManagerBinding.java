package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds compose-manager's attestation (protocol.md §2.4.5) to the client's request and to the
 * model CVM: its quote's REPORT_DATA is {@code actions_hash ‖ client nonce}, {@code actions_hash}
 * is recomputed from the actions, the quote measures the same TD on the same platform as the model
 * quote, and its own event log replays. The DCAP verification of its quote is the orchestrator's
 * (like any quote); these checks take the quote's values as input.
 */
public final class ComposeManagerBinding {

    public static final String ACTIONS_HASH = "actions_hash";
    public static final String REPORT_DATA = "report_data";
    public static final String SAME_MEASUREMENTS = "same_measurements_as_model";
    public static final String SAME_DEVICE = "same_device_as_model";

    private ComposeManagerBinding() {
    }

    /**
     * All checks of the compose-manager component.
     *
     * @param cm          the attestation as reported
     * @param cmQuote     values of compose-manager's own quote
     * @param modelQuote  values of the model CVM's quote
     * @param clientNonce the nonce the verifier sent, 64 hex
     */
    public static List<Check> check(ComposeManagerAttestation cm, TdMeasurements cmQuote, TdMeasurements modelQuote,
                                    String clientNonce) {
        List<Check> checks = new ArrayList<>();
        checks.add(actionsHash(cm));
        checks.add(reportData(cm, cmQuote, clientNonce));
        checks.add(sameMeasurements(cmQuote, modelQuote));
        checks.add(sameDevice(cmQuote, modelQuote));
        checks.addAll(RtmrReplay.check(cm.eventLog(), cmQuote));
        return checks;
    }

    public static Check actionsHash(ComposeManagerAttestation cm) {
        return ActionsHash.matching(cm.actionsJson(), cm.actionsHash())
                .map(form -> Check.pass(ACTIONS_HASH, cm.actions().size() + " actions hash to " + cm.actionsHash()
                        + " under the " + form.name().toLowerCase(java.util.Locale.ROOT) + " canonicalisation"))
                .orElseGet(() -> Check.fail(ACTIONS_HASH, ComposeManagerFailure.ACTIONS_HASH_MISMATCH, "claimed "
                        + cm.actionsHash() + "; sorted keys give " + ActionsHash.compute(cm.actionsJson(),
                        ActionsHash.Canonicalisation.SORTED_KEYS).orElse("-") + ", legacy order gives "
                        + ActionsHash.compute(cm.actionsJson(), ActionsHash.Canonicalisation.LEGACY_FIELD_ORDER)
                        .orElse("- (keys outside the legacy set)")));
    }

    /** REPORT_DATA is read from the quote only; the report's own report_data copy is ignored. */
    public static Check reportData(ComposeManagerAttestation cm, TdMeasurements cmQuote, String clientNonce) {
        String first = cmQuote.reportData().substring(0, 64);
        String second = cmQuote.reportData().substring(64);
        if (!Hex.sameBytes(first, cm.actionsHash())) {
            return Check.fail(REPORT_DATA, ComposeManagerFailure.REPORT_DATA_ACTIONS_MISMATCH, "REPORT_DATA[0..32] = " + first
                    + ", actions_hash = " + cm.actionsHash());
        }
        if (!Hex.sameBytes(second, clientNonce)) {
            return Check.fail(REPORT_DATA, ComposeManagerFailure.REPORT_DATA_NONCE_MISMATCH, "REPORT_DATA[32..64] = " + second
                    + ", client nonce = " + clientNonce);
        }
        if (!Hex.sameBytes(cm.nonce(), clientNonce)) {
            return Check.fail(REPORT_DATA, ComposeManagerFailure.NONCE_FIELD_MISMATCH, "nonce = " + cm.nonce()
                    + " (source " + cm.nonceSource().orElse("?") + "), client nonce = " + clientNonce);
        }
        return Check.pass(REPORT_DATA, "REPORT_DATA = actions_hash ‖ client nonce " + clientNonce);
    }

    /** The TD's own registers (not the TDX module's, which a live module update may change). */
    public static Check sameMeasurements(TdMeasurements cmQuote, TdMeasurements modelQuote) {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        fields.put("mrtd", List.of(cmQuote.mrTd(), modelQuote.mrTd()));
        for (int i = 0; i < 4; i++) {
            fields.put("rtmr" + i, List.of(cmQuote.rtmr(i), modelQuote.rtmr(i)));
        }
        fields.put("mr_config_id", List.of(cmQuote.mrConfigId(), modelQuote.mrConfigId()));
        fields.put("mr_owner", List.of(cmQuote.mrOwner(), modelQuote.mrOwner()));
        fields.put("mr_owner_config", List.of(cmQuote.mrOwnerConfig(), modelQuote.mrOwnerConfig()));
        fields.put("td_attributes", List.of(cmQuote.tdAttributes(), modelQuote.tdAttributes()));
        fields.put("xfam", List.of(cmQuote.xfam(), modelQuote.xfam()));
        for (var field : fields.entrySet()) {
            if (!Hex.sameBytes(field.getValue().get(0), field.getValue().get(1))) {
                return Check.fail(SAME_MEASUREMENTS, ComposeManagerFailure.MEASUREMENT_MISMATCH, field.getKey() + ": "
                        + field.getValue().get(0) + " vs model " + field.getValue().get(1));
            }
        }
        return Check.pass(SAME_MEASUREMENTS,
                "MRTD, RTMR0..3, MR_CONFIG_ID, MR_OWNER(_CONFIG), TD_ATTRIBUTES, XFAM equal the model quote");
    }

    public static Check sameDevice(TdMeasurements cmQuote, TdMeasurements modelQuote) {
        return Hex.sameBytes(cmQuote.headerUserData(), modelQuote.headerUserData())
                ? Check.pass(SAME_DEVICE, "device id " + DstackDerivations.deviceId(cmQuote))
                : Check.fail(SAME_DEVICE, ComposeManagerFailure.DEVICE_MISMATCH, "device id "
                        + DstackDerivations.deviceId(cmQuote)
                + " vs model " + DstackDerivations.deviceId(modelQuote));
    }
}
