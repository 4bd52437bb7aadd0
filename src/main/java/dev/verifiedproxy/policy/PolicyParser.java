package dev.verifiedproxy.policy;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.Sha;
import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.gpu.NvidiaPayload;
import dev.verifiedproxy.policy.PolicySections.Located;
import dev.verifiedproxy.verdict.Role;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * Reads and validates an attestation policy file (measurements.md §3.5; format in README.md,
 * "Attestation policy"). Fail closed: unknown keys, wrong types, non-lowercase or wrong-length hex,
 * unsupported features and contradictory values all make the file invalid, and every problem is
 * reported with its JSON path in one {@link PolicyValidationException}. The file is immutable
 * once loaded; its digest is SHA-256 of the exact bytes.
 */
public final class PolicyParser {

    public static final String SCHEMA = "verified-proxy/attestation-policy/v1";
    /** Policies are hand-written JSON; a megabyte is far beyond any real one. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern IMAGE_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Set<String> ROOT_KEYS = Set.of("schema", "description", "defaults", "profiles", "images");
    private static final Set<String> PROFILE_KEYS = Set.of("description", "match", "boot", "platform", "eventLog", "app",
            "freshness", "composeManager", "gpu", "reportData");
    private static final Map<String, GpuArchitecture> ARCHITECTURES = PolicySections.byJson(GpuArchitecture.values(),
            GpuArchitecture::name);
    private static final String SIGSTORE_UNSUPPORTED = "Sigstore verification is not implemented; pin image digests with "
            + "\"provenance\": {\"type\": \"digest-allowlist\", \"digests\": [..]} instead";

    private final PolicyJson json = new PolicyJson();
    private final PolicySections sections = new PolicySections(json);
    /** Ids of every images.rules entry, valid or not, so a bad rule is not reported again as a dangling reference. */
    private final Set<String> declaredRuleIds = new java.util.HashSet<>();

    private PolicyParser() {
    }

    /**
     * @param bytes  the file's exact bytes
     * @param source where they came from, for messages and the verdict
     * @throws PolicyValidationException listing every problem with its JSON path
     */
    public static AttestationPolicy parse(byte[] bytes, String source) throws PolicyValidationException {
        return new PolicyParser().read(bytes, source);
    }

    /** {@code sha256:<hex>} of the exact bytes: what a verdict reports as its policy digest. */
    public static String digest(byte[] bytes) {
        return "sha256:" + Hex.encode(Sha.sha256(bytes));
    }

    private AttestationPolicy read(byte[] bytes, String source) throws PolicyValidationException {
        if (bytes.length > MAX_BYTES) {
            throw new PolicyValidationException(source, List.of(new PolicyError("$", PolicyErrorKind.TOO_LARGE,
                    bytes.length + " bytes; a policy file may have at most " + MAX_BYTES)));
        }
        JsonValue root;
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(bytes))) {
            root = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new PolicyValidationException(source,
                    List.of(new PolicyError("$", PolicyErrorKind.NOT_JSON, String.valueOf(e.getMessage()))));
        }
        Optional<JsonObject> doc = json.object(root, "$");
        List<Profile> profiles = new ArrayList<>();
        ImagePolicy images = ImagePolicy.NONE;
        if (doc.isPresent()) {
            JsonObject o = doc.get();
            json.keys(o, "$", ROOT_KEYS, Map.of());
            json.string(o.get("schema"), "$.schema").filter(s -> !s.equals(SCHEMA)).ifPresent(s ->
                    json.error("$.schema", PolicyErrorKind.UNSUPPORTED, "must be \"" + SCHEMA + "\""));
            images = PolicySections.field(o, "images", "$").map(this::images).orElse(ImagePolicy.NONE);
            Map<String, JsonObject> defaults = defaults(o);
            profiles = profiles(o, defaults, images);
        }
        List<PolicyError> errors = json.errors();
        if (!errors.isEmpty()) {
            throw new PolicyValidationException(source, errors);
        }
        return new AttestationPolicy(digest(bytes), source, profiles, images);
    }

    private Map<String, JsonObject> defaults(JsonObject root) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        PolicySections.field(root, "defaults", "$").flatMap(l -> json.object(l.value(), l.path())).ifPresent(d -> {
            json.keys(d, "$.defaults", PolicySections.SECTIONS.keySet(), Map.of());
            d.forEach((section, value) -> {
                if (PolicySections.SECTIONS.containsKey(section)) {
                    json.object(value, "$.defaults." + section).ifPresent(s -> {
                        json.keys(s, "$.defaults." + section, PolicySections.SECTIONS.get(section), Map.of());
                        out.put(section, s);
                    });
                }
            });
        });
        // Read the defaults once on their own, so their problems are reported even if every profile overrides them.
        sections.platform(sections.merge("platform", Optional.ofNullable(out.get("platform")), Optional.empty(), ""));
        sections.eventLog(sections.merge("eventLog", Optional.ofNullable(out.get("eventLog")), Optional.empty(), ""));
        sections.app(sections.merge("app", Optional.ofNullable(out.get("app")), Optional.empty(), ""));
        sections.freshness(sections.merge("freshness", Optional.ofNullable(out.get("freshness")), Optional.empty(), ""));
        return out;
    }

    private List<Profile> profiles(JsonObject root, Map<String, JsonObject> defaults, ImagePolicy images) {
        Optional<JsonObject> all = json.object(root.get("profiles"), "$.profiles");
        List<Profile> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        if (all.get().isEmpty()) {
            json.error("$.profiles", PolicyErrorKind.BAD_VALUE, "must define at least one profile");
        }
        all.get().forEach((name, value) -> {
            String path = "$.profiles." + name;
            if (!PROFILE_NAME.matcher(name).matches()) {
                json.error(path, PolicyErrorKind.BAD_VALUE, "profile names are 1-64 letters, digits, '.', '_' or '-'");
            }
            json.object(value, path).flatMap(p -> profile(name, p, path, defaults, images)).ifPresent(out::add);
        });
        return out;
    }

    private Optional<Profile> profile(String name, JsonObject p, String path, Map<String, JsonObject> defaults,
            ImagePolicy images) {
        json.keys(p, path, PROFILE_KEYS, Map.of());
        Optional<ProfileMatch> match = json.object(p.get("match"), path + ".match").flatMap(m -> match(m, path + ".match"));
        PlatformPolicy platform = sections.platform(merge("platform", defaults, p, path));
        EventLogPolicy eventLog = sections.eventLog(merge("eventLog", defaults, p, path));
        AppPolicy app = sections.app(merge("app", defaults, p, path));
        int spkiCache = sections.freshness(merge("freshness", defaults, p, path));
        Optional<BootPolicy> boot = json.object(p.get("boot"), path + ".boot").flatMap(b -> boot(b, path + ".boot"));
        if (match.isEmpty() || boot.isEmpty()) {
            return Optional.empty();
        }
        boolean model = match.get().role() == Role.MODEL;
        ComposeManagerPolicy cm = PolicySections.field(p, "composeManager", path).map(l -> {
            if (!model) {
                json.error(l.path(), PolicyErrorKind.RULE, "only a model CVM runs compose-manager");
            }
            return composeManager(l, images);
        }).orElse(model ? new ComposeManagerPolicy(true, PolicyMode.ENFORCE, Optional.empty(), Optional.empty(), Optional.empty())
                : ComposeManagerPolicy.NOT_APPLICABLE);
        GpuPolicy gpu = PolicySections.field(p, "gpu", path).map(l -> gpu(l, model))
                .orElse(model ? new GpuPolicy(true, Optional.empty(), Optional.empty()) : GpuPolicy.NOT_APPLICABLE);
        boolean tls = PolicySections.field(p, "reportData", path).map(this::reportData).orElse(true);
        return Optional.of(new Profile(name, match.get(), platform, eventLog, app, boot.get(), cm, gpu, tls, spkiCache));
    }

    private Map<String, Located> merge(String section, Map<String, JsonObject> defaults, JsonObject profile, String path) {
        return sections.merge(section, Optional.ofNullable(defaults.get(section)),
                Optional.ofNullable(profile.get(section)), path);
    }

    private Optional<ProfileMatch> match(JsonObject m, String path) {
        json.keys(m, path, Set.of("role", "hosts", "hostSuffixes"), Map.of());
        Optional<Role> role = json.oneOf(m.get("role"), path + ".role", Map.of("gateway", Role.GATEWAY, "model", Role.MODEL));
        List<String> hosts = PolicySections.field(m, "hosts", path).flatMap(l -> json.list(l.value(), l.path(),
                (v, p) -> json.string(v, p).filter(h -> valid(HOST.matcher(h).matches(), p,
                        "a lower-case host name")))).orElse(List.of());
        List<String> suffixes = PolicySections.field(m, "hostSuffixes", path).flatMap(l -> json.list(l.value(), l.path(),
                (v, p) -> json.string(v, p).filter(h -> valid(h.startsWith(".") && HOST.matcher(h.substring(1)).matches(), p,
                        "a lower-case host suffix starting with a dot, e.g. .completions.near.ai")))).orElse(List.of());
        return role.map(r -> new ProfileMatch(r, hosts, suffixes));
    }

    private Optional<BootPolicy> boot(JsonObject b, String path) {
        json.keys(b, path, Set.of("mode", "allow"), Map.of());
        PolicyMode mode = sections.mode(b, path);
        if (!b.containsKey("allow")) {
            if (mode == PolicyMode.ENFORCE) {
                json.error(path + ".allow", PolicyErrorKind.RULE, "required unless \"mode\" is \"warn\" (observe mode)");
                return Optional.empty();
            }
            return Optional.of(new BootPolicy(mode, Optional.empty()));
        }
        return json.list(b.get("allow"), path + ".allow", this::bootTuple).map(list -> new BootPolicy(mode, Optional.of(list)));
    }

    private Optional<BootTuple> bootTuple(JsonValue value, String path) {
        return json.object(value, path).flatMap(t -> {
            json.keys(t, path, Set.of("label", "source", "osImageHash", "mrtd", "rtmr0", "rtmr1", "rtmr2"), Map.of());
            Optional<String> label = PolicySections.field(t, "label", path).flatMap(l -> json.string(l.value(), l.path()));
            Optional<String> source = PolicySections.field(t, "source", path).flatMap(l -> json.string(l.value(), l.path()));
            Optional<String> os = json.hex(t.get("osImageHash"), path + ".osImageHash", 32);
            Optional<String> mrtd = json.hex(t.get("mrtd"), path + ".mrtd", 48);
            Optional<List<String>> rtmr0 = json.list(t.get("rtmr0"), path + ".rtmr0", (v, p) -> json.hex(v, p, 48));
            Optional<String> rtmr1 = json.hex(t.get("rtmr1"), path + ".rtmr1", 48);
            Optional<String> rtmr2 = json.hex(t.get("rtmr2"), path + ".rtmr2", 48);
            if (os.isEmpty() || mrtd.isEmpty() || rtmr0.isEmpty() || rtmr1.isEmpty() || rtmr2.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new BootTuple(label, source, os.get(), mrtd.get(), rtmr0.get(), rtmr1.get(), rtmr2.get()));
        });
    }

    private ComposeManagerPolicy composeManager(Located l, ImagePolicy images) {
        Optional<JsonObject> o = json.object(l.value(), l.path());
        if (o.isEmpty()) {
            return ComposeManagerPolicy.NOT_APPLICABLE;
        }
        json.keys(o.get(), l.path(), Set.of("required", "mode", "sourceRepo", "allowFiles", "composeManagerImage"),
                Map.of("localMirror", "checking files against a local mirror of the source repository is not implemented; "
                        + "pin (commit, file, sha256) in allowFiles"));
        boolean required = PolicySections.field(o.get(), "required", l.path())
                .flatMap(v -> json.bool(v.value(), v.path())).orElse(true);
        PolicyMode mode = sections.mode(o.get(), l.path());
        Optional<String> repo = PolicySections.field(o.get(), "sourceRepo", l.path())
                .flatMap(v -> json.string(v.value(), v.path()));
        Optional<List<AllowedFile>> files = PolicySections.field(o.get(), "allowFiles", l.path())
                .flatMap(v -> json.list(v.value(), v.path(), this::allowedFile));
        Optional<ImageRule> image = PolicySections.field(o.get(), "composeManagerImage", l.path())
                .flatMap(v -> json.object(v.value(), v.path())
                .flatMap(i -> {
                    json.keys(i, v.path(), Set.of("provenanceRule"), Map.of());
                    return json.string(i.get("provenanceRule"), v.path() + ".provenanceRule").flatMap(id -> {
                        Optional<ImageRule> rule = images.rule(id);
                        if (rule.isEmpty() && !declaredRuleIds.contains(id)) {
                            json.error(v.path() + ".provenanceRule", PolicyErrorKind.RULE,
                                    "no images.rules entry has id \"" + id + "\"");
                        }
                        return rule;
                    });
                }));
        return new ComposeManagerPolicy(required, mode, repo, files, image);
    }

    private Optional<AllowedFile> allowedFile(JsonValue value, String path) {
        return json.object(value, path).flatMap(f -> {
            json.keys(f, path, Set.of("commit", "file", "sha256", "tag", "label"), Map.of());
            Optional<String> commit = json.hex(f.get("commit"), path + ".commit", 20);
            Optional<String> file = json.string(f.get("file"), path + ".file");
            Optional<String> sha = json.hex(f.get("sha256"), path + ".sha256", 32);
            PolicySections.field(f, "tag", path).ifPresent(t -> json.string(t.value(), t.path()));
            PolicySections.field(f, "label", path).ifPresent(t -> json.string(t.value(), t.path()));
            return commit.flatMap(c -> file.flatMap(n -> sha.map(s -> new AllowedFile(c, n, s))));
        });
    }

    /**
     * The {@code gpu} section. {@code required} absent means: required for the model role; {@code count} (a
     * whole number or a list of them) and {@code architectures} (a list) absent mean: not pinned.
     */
    private GpuPolicy gpu(Located l, boolean model) {
        Optional<JsonObject> section = json.object(l.value(), l.path());
        if (section.isEmpty()) {
            return GpuPolicy.NOT_APPLICABLE;
        }
        JsonObject o = section.get();
        json.keys(o, l.path(), Set.of("required", "requireNonceMatch", "count", "architectures"), Map.of());
        PolicySections.field(o, "requireNonceMatch", l.path())
                .flatMap(v -> json.bool(v.value(), v.path()).filter(b -> !b).map(b -> v))
                .ifPresent(v -> json.error(v.path(), PolicyErrorKind.UNSUPPORTED,
                        "must be true: the shared nonce is the only CPU-GPU binding there is"));
        boolean required = PolicySections.field(o, "required", l.path()).flatMap(v -> json.bool(v.value(), v.path()))
                .orElse(model);
        Optional<Set<Integer>> counts = PolicySections.field(o, "count", l.path()).flatMap(this::gpuCounts);
        Optional<Set<GpuArchitecture>> architectures = PolicySections.field(o, "architectures", l.path())
                .flatMap(v -> json.list(v.value(), v.path(), (a, p) -> json.oneOf(a, p, ARCHITECTURES))).map(Set::copyOf);
        if (!model) {
            List<String> gpuOnly = new ArrayList<>(List.of("count", "architectures"));
            gpuOnly.removeIf(key -> !o.containsKey(key));
            if (required) {
                gpuOnly.add(0, "required");
            }
            gpuOnly.forEach(key -> json.error(l.path() + "." + key, PolicyErrorKind.RULE, "the gateway has no GPU to verify"));
        }
        return new GpuPolicy(required, counts, architectures);
    }

    private Optional<Set<Integer>> gpuCounts(Located l) {
        JsonValue.ValueType type = l.value().getValueType();
        if (type == JsonValue.ValueType.NUMBER) {
            return json.integer(l.value(), l.path(), 1, NvidiaPayload.MAX_GPUS).map(Set::of);
        }
        if (type != JsonValue.ValueType.ARRAY) {
            json.error(l.path(), PolicyErrorKind.WRONG_TYPE, "must be a whole number or an array of whole numbers");
            return Optional.empty();
        }
        return json.list(l.value(), l.path(), (v, p) -> json.integer(v, p, 1, NvidiaPayload.MAX_GPUS)).map(Set::copyOf);
    }

    private boolean reportData(Located l) {
        return json.object(l.value(), l.path()).map(o -> {
            json.keys(o, l.path(), Set.of("layout", "requireTlsBinding"), Map.of());
            PolicySections.field(o, "layout", l.path())
                    .flatMap(v -> json.string(v.value(), v.path()).filter(s -> !s.equals("near-v1")).map(s -> v))
                    .ifPresent(v -> json.error(v.path(), PolicyErrorKind.UNSUPPORTED, "only \"near-v1\" is supported"));
            return PolicySections.field(o, "requireTlsBinding", l.path())
                    .flatMap(v -> json.bool(v.value(), v.path())).orElse(true);
        }).orElse(true);
    }

    private ImagePolicy images(Located l) {
        Optional<JsonObject> o = json.object(l.value(), l.path());
        if (o.isEmpty()) {
            return ImagePolicy.NONE;
        }
        json.keys(o.get(), l.path(), Set.of("rules", "unknownRepos"), Map.of("sigstore", SIGSTORE_UNSUPPORTED));
        boolean allowUnknown = PolicySections.field(o.get(), "unknownRepos", l.path())
                .flatMap(v -> json.oneOf(v.value(), v.path(), Map.of("deny", false, "allow", true))).orElse(false);
        List<ImageRule> rules = PolicySections.field(o.get(), "rules", l.path())
                .flatMap(v -> json.list(v.value(), v.path(), this::imageRule)).orElse(List.of());
        for (int i = 0; i < rules.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (rules.get(i).id().equals(rules.get(j).id()) || rules.get(i).repository().equals(rules.get(j).repository())) {
                    json.error(l.path() + ".rules[" + i + "]", PolicyErrorKind.RULE,
                            "id and repo must be unique among the rules");
                }
            }
        }
        return new ImagePolicy(rules, allowUnknown);
    }

    private Optional<ImageRule> imageRule(JsonValue value, String path) {
        return json.object(value, path).flatMap(r -> {
            json.keys(r, path, Set.of("id", "repo", "provenance"), Map.of());
            Optional<String> id = json.string(r.get("id"), path + ".id");
            id.ifPresent(declaredRuleIds::add);
            Optional<String> repo = json.string(r.get("repo"), path + ".repo").filter(s -> valid(REPOSITORY.matcher(s).matches(),
                    path + ".repo", "a normalised image repository such as nearaidev/compose-manager "
                            + "(Docker Hub names without docker.io/)"));
            Optional<List<String>> digests = json.object(r.get("provenance"), path + ".provenance").flatMap(p -> {
                Optional<String> type = json.string(p.get("type"), path + ".provenance.type");
                if (type.isPresent() && type.get().equals("fulcio")) {
                    // Its own keys (issuer, sanRegex) are not reported: the whole rule is refused.
                    json.error(path + ".provenance.type", PolicyErrorKind.UNSUPPORTED, SIGSTORE_UNSUPPORTED);
                    return Optional.empty();
                }
                json.keys(p, path + ".provenance", Set.of("type", "digests"), Map.of());
                if (type.isPresent() && !type.get().equals("digest-allowlist")) {
                    json.error(path + ".provenance.type", PolicyErrorKind.BAD_VALUE, "must be \"digest-allowlist\"");
                    return Optional.empty();
                }
                return json.list(p.get("digests"), path + ".provenance.digests", (v, q) -> json.string(v, q)
                        .filter(d -> valid(IMAGE_DIGEST.matcher(d).matches(), q,
                                "sha256: followed by 64 lowercase hex characters")));
            });
            return id.flatMap(i -> repo.flatMap(rp -> digests.map(d -> new ImageRule(i, rp, d))));
        });
    }

    private boolean valid(boolean ok, String path, String expected) {
        if (!ok) {
            json.error(path, PolicyErrorKind.BAD_VALUE, "must be " + expected);
        }
        return ok;
    }
}
