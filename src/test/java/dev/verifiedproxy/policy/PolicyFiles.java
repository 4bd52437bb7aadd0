package dev.verifiedproxy.policy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;

/** Small policy documents for tests, built as JSON so each test states only what it is about. */
final class PolicyFiles {

    static final String MRTD = "b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217";
    static final String RTMR0 = "bc122d143ab768565ba5c3774ff5f03a63c89a4df7c1f5ea38d3bd173409d14f8cbdcc36d40e703cccb996a9d9687590";
    static final String RTMR1 = "c0445b704e4c48139496ae337423ddb1dcee3a673fd5fb60a53d562f127d235f11de471a7b4ee12c9027c829786757dc";
    static final String RTMR2 = "564622c7ddc55a53272cc9f0956d29b3f7e0dd18ede432720b71fd89e5b5d76cb0b99be7b7ff2a6a92b89b6b01643135";
    static final String OS_IMAGE = "9b69bb1698bacbb6985409a2c272bcb892e09cdcea63d5399c6768b67d3ff677";

    private PolicyFiles() {
    }

    static JsonObjectBuilder tuple() {
        return Json.createObjectBuilder().add("label", "model").add("source", "observed")
                .add("osImageHash", OS_IMAGE).add("mrtd", MRTD)
                .add("rtmr0", Json.createArrayBuilder().add(RTMR0)).add("rtmr1", RTMR1).add("rtmr2", RTMR2);
    }

    /** A profile for models at any host, boot pinned to NEAR's model tuple. */
    static JsonObjectBuilder modelProfile() {
        return Json.createObjectBuilder().add("match", Json.createObjectBuilder().add("role", "model"))
                .add("boot", Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add(tuple())));
    }

    static JsonObjectBuilder gatewayProfile() {
        return Json.createObjectBuilder().add("match", Json.createObjectBuilder().add("role", "gateway"))
                .add("boot", Json.createObjectBuilder().add("mode", "warn"));
    }

    static JsonObjectBuilder policy(JsonObjectBuilder profiles) {
        return Json.createObjectBuilder().add("schema", PolicyParser.SCHEMA).add("profiles", profiles);
    }

    static JsonObjectBuilder withModel(JsonObjectBuilder model) {
        return policy(Json.createObjectBuilder().add("m", model));
    }

    static byte[] bytes(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static AttestationPolicy parse(JsonObjectBuilder json) {
        try {
            return PolicyParser.parse(bytes(json.build()), "test");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
