package dev.verifiedproxy.policy;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.KeyProvider;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the four sections a profile inherits from {@code defaults} ({@code platform}, {@code eventLog},
 * {@code app}, {@code freshness}). A section is merged key by key: a profile's key replaces the
 * default's key as a whole. Every value keeps the path it came from, so errors point at the line
 * an operator must fix. An absent key takes the built-in default documented in README.md.
 */
final class PolicySections {

    static final Set<String> PLATFORM_KEYS = Set.of("tcbStatus", "mrSeam", "tdAttributes", "mustBeZero");
    static final Set<String> EVENT_LOG_KEYS = Set.of("replay", "runtimeEventVersions", "required", "afterSystemReady");
    static final Set<String> APP_KEYS = Set.of("mode", "mrConfigId", "imagesMustBeDigestPinned", "appIds",
            "keyProviders", "compose");
    static final Set<String> FRESHNESS_KEYS = Set.of("requireClientNonce", "verifiedSpkiCacheSeconds");
    static final Map<String, Set<String>> SECTIONS = Map.of("platform", PLATFORM_KEYS, "eventLog", EVENT_LOG_KEYS,
            "app", APP_KEYS, "freshness", FRESHNESS_KEYS);

    /** dstack's boot events every NEAR CVM emits (measurements.md §1.4); storage-fs and the KMS events are optional. */
    static final List<String> DEFAULT_REQUIRED_EVENTS = List.of(RuntimeEvents.SYSTEM_PREPARING, RuntimeEvents.APP_ID,
            RuntimeEvents.COMPOSE_HASH, RuntimeEvents.INSTANCE_ID, RuntimeEvents.BOOT_MR_DONE, RuntimeEvents.KEY_PROVIDER,
            RuntimeEvents.SYSTEM_READY);
    static final int DEFAULT_SPKI_CACHE_SECONDS = 3600;
    private static final Pattern ADVISORY = Pattern.compile("INTEL-SA-[0-9]{5}");

    private static final Map<String, PolicyMode> MODES = Map.of("enforce", PolicyMode.ENFORCE, "warn", PolicyMode.WARN);

    /** A value and the path it was read from. */
    record Located(JsonValue value, String path) {
    }

    private final PolicyJson json;

    PolicySections(PolicyJson json) {
        this.json = json;
    }

    static Map<String, PolicyMode> modes() {
        return MODES;
    }

    /** {@code defaults.<section>} overlaid with {@code profiles.<name>.<section>}, each key remembering its path. */
    Map<String, Located> merge(String section, Optional<JsonObject> defaults, Optional<JsonValue> profile, String profilePath) {
        Map<String, Located> merged = new LinkedHashMap<>();
        defaults.ifPresent(d -> d.forEach((k, v) -> merged.put(k, new Located(v, "$.defaults." + section + "." + k))));
        profile.flatMap(p -> json.object(p, profilePath + "." + section)).ifPresent(p -> {
            json.keys(p, profilePath + "." + section, SECTIONS.get(section), Map.of());
            p.forEach((k, v) -> merged.put(k, new Located(v, profilePath + "." + section + "." + k)));
        });
        return merged;
    }

    PlatformPolicy platform(Map<String, Located> s) {
        TcbStatusRule tcb = get(s, "tcbStatus").map(this::tcbStatus)
                .orElse(new TcbStatusRule(Set.of(TcbStatus.UP_TO_DATE), 0, Set.of()));
        Optional<AllowList> mrSeam = get(s, "mrSeam").flatMap(l -> allowList(l, 48));
        Optional<String> exact = get(s, "tdAttributes").flatMap(this::tdAttributes);
        Set<ZeroField> zero = get(s, "mustBeZero")
                .flatMap(l -> json.list(l.value(), l.path(), (v, p) -> json.oneOf(v, p, byJson(ZeroField.values(),
                ZeroField::json)))).map(Set::copyOf).orElse(EnumSet.allOf(ZeroField.class));
        return new PlatformPolicy(tcb, mrSeam, exact, zero);
    }

    private TcbStatusRule tcbStatus(Located l) {
        Optional<JsonObject> o = json.object(l.value(), l.path());
        if (o.isEmpty()) {
            return new TcbStatusRule(Set.of(), 0, Set.of());
        }
        json.keys(o.get(), l.path(), Set.of("allow", "outOfDateGraceDays", "allowAdvisoryIds"), Map.of());
        Map<String, TcbStatus> statuses = byJson(Arrays.stream(TcbStatus.values()).filter(t -> t != TcbStatus.REVOKED)
                .toArray(TcbStatus[]::new), TcbStatus::text);
        Set<TcbStatus> allow = field(o.get(), "allow", l.path()).map(v -> json.list(v.value(), v.path(), (x, p) -> {
            if (x.getValueType() == JsonValue.ValueType.STRING && "Revoked".equals(((jakarta.json.JsonString) x).getString())) {
                json.error(p, PolicyErrorKind.BAD_VALUE, "a Revoked TCB can never be allowed");
                return Optional.empty();
            }
            return json.oneOf(x, p, statuses);
        }).map(Set::copyOf).orElse(Set.of())).orElse(Set.of(TcbStatus.UP_TO_DATE));
        int grace = field(o.get(), "outOfDateGraceDays", l.path())
                .flatMap(v -> json.integer(v.value(), v.path(), 0, 3650)).orElse(0);
        if (grace > 0 && !allow.contains(TcbStatus.OUT_OF_DATE) && !allow.contains(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED)) {
            json.error(l.path() + ".outOfDateGraceDays", PolicyErrorKind.RULE,
                    "a grace period only makes sense when OutOfDate (or OutOfDateConfigurationNeeded) is allowed");
        }
        Set<String> advisories = field(o.get(), "allowAdvisoryIds", l.path()).map(v -> json.list(v.value(), v.path(), (x, p) ->
                json.string(x, p).filter(a -> {
                    boolean ok = ADVISORY.matcher(a).matches();
                    if (!ok) {
                        json.error(p, PolicyErrorKind.BAD_VALUE, "must be an Intel advisory id such as INTEL-SA-00837");
                    }
                    return ok;
                })).map(Set::copyOf).orElse(Set.of())).orElse(Set.of());
        return new TcbStatusRule(allow, grace, advisories);
    }

    /** {@code {"mode": .., "allow": [hex..]}}; {@code allow} is required (empty denies all in enforce mode). */
    Optional<AllowList> allowList(Located l, int bytes) {
        Optional<JsonObject> o = json.object(l.value(), l.path());
        if (o.isEmpty()) {
            return Optional.empty();
        }
        json.keys(o.get(), l.path(), Set.of("mode", "allow"), Map.of());
        PolicyMode mode = mode(o.get(), l.path());
        Optional<List<String>> values = json.list(o.get().get("allow"), l.path() + ".allow", (v, p) -> json.hex(v, p, bytes));
        return values.map(v -> new AllowList(mode, v));
    }

    private Optional<String> tdAttributes(Located l) {
        Optional<JsonObject> o = json.object(l.value(), l.path());
        if (o.isEmpty()) {
            return Optional.empty();
        }
        json.keys(o.get(), l.path(), Set.of("debug", "exact"), Map.of());
        field(o.get(), "debug", l.path()).flatMap(v -> json.string(v.value(), v.path())).filter(d -> !d.equals("forbid"))
                .ifPresent(d -> json.error(l.path() + ".debug", PolicyErrorKind.UNSUPPORTED,
                        "only \"forbid\" is supported: a debug TD's memory is readable by the host, "
                                + "so nothing it attests holds"));
        return field(o.get(), "exact", l.path()).flatMap(v -> json.hex(v.value(), v.path(), 8));
    }

    EventLogPolicy eventLog(Map<String, Located> s) {
        Set<Integer> replay = get(s, "replay").map(l -> {
            Set<Integer> registers = json.list(l.value(), l.path(), (v, p) -> json.oneOf(v, p, Map.of("rtmr0", 0, "rtmr1", 1,
                    "rtmr2", 2, "rtmr3", 3))).map(x -> (Set<Integer>) new TreeSet<>(x)).orElse(Set.of(0, 1, 2, 3));
            if (!registers.contains(3)) {
                json.error(l.path(), PolicyErrorKind.RULE,
                        "must contain rtmr3: the runtime events are only evidence once RTMR3 replays");
                return Set.of(0, 1, 2, 3);
            }
            return registers;
        }).orElse(Set.of(0, 1, 2, 3));
        get(s, "runtimeEventVersions").ifPresent(l -> json.list(l.value(), l.path(), (v, p) -> json.integer(v, p, 1, 255))
                .filter(v -> !v.equals(List.of(1)))
                .ifPresent(v -> json.error(l.path(), PolicyErrorKind.UNSUPPORTED,
                        "only [1] is supported (dstack event-log v2 is not implemented)")));
        List<String> required = get(s, "required").flatMap(l -> json.list(l.value(), l.path(), json::string))
                .orElse(DEFAULT_REQUIRED_EVENTS);
        Set<String> after = get(s, "afterSystemReady").flatMap(l -> json.object(l.value(), l.path()).flatMap(o -> {
            json.keys(o, l.path(), Set.of("allowEvents"), Map.of());
            return json.list(o.get("allowEvents"), l.path() + ".allowEvents", json::string);
        })).map(Set::copyOf).orElse(Set.of());
        return new EventLogPolicy(replay, required, after);
    }

    AppPolicy app(Map<String, Located> s) {
        PolicyMode mode = get(s, "mode").flatMap(l -> json.oneOf(l.value(), l.path(), MODES)).orElse(PolicyMode.ENFORCE);
        get(s, "mrConfigId").flatMap(l -> json.string(l.value(), l.path()).filter(v -> !v.equals("v1-compose-hash")).map(v -> l))
                .ifPresent(l -> json.error(l.path(), PolicyErrorKind.UNSUPPORTED,
                        "only \"v1-compose-hash\" is supported (NEAR uses MR_CONFIG_ID version 1)"));
        boolean pinned = get(s, "imagesMustBeDigestPinned").flatMap(l -> json.bool(l.value(), l.path())).orElse(true);
        Optional<List<String>> appIds = get(s, "appIds")
                .flatMap(l -> json.list(l.value(), l.path(), (v, p) -> json.hex(v, p, 20)));
        Optional<List<KeyProvider>> providers = get(s, "keyProviders")
                .flatMap(l -> json.list(l.value(), l.path(), this::keyProvider));
        Optional<ComposeRule> compose = get(s, "compose").flatMap(this::compose);
        return new AppPolicy(mode, appIds, providers, compose, pinned);
    }

    private Optional<KeyProvider> keyProvider(JsonValue value, String path) {
        return json.object(value, path).flatMap(o -> {
            json.keys(o, path, Set.of("name", "id"), Map.of());
            Optional<String> name = json.string(o.get("name"), path + ".name");
            // Unlike other strings an empty id is valid: dstack's "none" provider has one.
            Optional<String> id = o.get("id") != null && o.get("id").getValueType() == JsonValue.ValueType.STRING
                    ? Optional.of(o.getString("id")) : json.string(o.get("id"), path + ".id");
            return name.flatMap(n -> id.map(i -> new KeyProvider(n, i)));
        });
    }

    private Optional<ComposeRule> compose(Located l) {
        return json.object(l.value(), l.path()).flatMap(o -> {
            json.keys(o, l.path(), Set.of("mode", "allowHashes"), Map.of());
            Optional<ComposeRule.Mode> mode = json.oneOf(o.get("mode"), l.path() + ".mode",
                    Map.of("pinned", ComposeRule.Mode.PINNED,
                    "provenance", ComposeRule.Mode.PROVENANCE));
            if (mode.isEmpty()) {
                return Optional.empty();
            }
            if (mode.get() == ComposeRule.Mode.PROVENANCE) {
                boolean empty = o.get("allowHashes") == null || o.get("allowHashes").getValueType() == JsonValue.ValueType.ARRAY
                        && o.get("allowHashes").asJsonArray().isEmpty();
                if (!empty) {
                    json.error(l.path() + ".allowHashes", PolicyErrorKind.RULE,
                            "only used with \"mode\": \"pinned\" (may be [] otherwise)");
                }
                return Optional.of(new ComposeRule(mode.get(), List.of()));
            }
            return json.list(o.get("allowHashes"), l.path() + ".allowHashes", (v, p) -> json.hex(v, p, 32))
                    .map(h -> new ComposeRule(mode.get(), h));
        });
    }

    int freshness(Map<String, Located> s) {
        get(s, "requireClientNonce").flatMap(l -> json.bool(l.value(), l.path()).filter(b -> !b).map(b -> l))
                .ifPresent(l -> json.error(l.path(), PolicyErrorKind.UNSUPPORTED,
                        "must be true: without the verifier's own nonce a cached report proves nothing about now"));
        return get(s, "verifiedSpkiCacheSeconds").flatMap(l -> json.integer(l.value(), l.path(), 0, 7 * 24 * 3600))
                .orElse(DEFAULT_SPKI_CACHE_SECONDS);
    }

    /** {@code "mode"} of an object, enforce when absent. */
    PolicyMode mode(JsonObject o, String path) {
        return field(o, "mode", path).flatMap(v -> json.oneOf(v.value(), v.path(), MODES)).orElse(PolicyMode.ENFORCE);
    }

    static Optional<Located> field(JsonObject o, String key, String path) {
        return o.containsKey(key) ? Optional.of(new Located(o.get(key), path + "." + key)) : Optional.empty();
    }

    private static Optional<Located> get(Map<String, Located> section, String key) {
        return Optional.ofNullable(section.get(key));
    }

    static <E> Map<String, E> byJson(E[] values, Function<E, String> name) {
        return Arrays.stream(values).collect(Collectors.toMap(name, v -> v, (a, b) -> a, LinkedHashMap::new));
    }
}
