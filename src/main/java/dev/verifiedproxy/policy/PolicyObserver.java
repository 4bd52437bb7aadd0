package dev.verifiedproxy.policy;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.ImageReference;
import dev.verifiedproxy.eventlog.RuntimeEvent;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.verdict.Role;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Observe mode (measurements.md §3.5, "bootstrap"): turns what a verification observed into a
 * profile in the policy file's own format, so an operator can cross-check the values and paste
 * them. Every value is marked as observed, never as reproduced: pinning what you saw once is only
 * as good as that first verification.
 */
public final class PolicyObserver {

    private PolicyObserver() {
    }

    /**
     * A profile pinning a gateway's or model's observed values.
     *
     * @param component      the component's observation
     * @param composeManager for a model, its compose-manager's observation (pins files and image)
     */
    public static ObservedProfile observe(Observation component, Optional<Observation> composeManager) {
        if (component.role() == Role.COMPOSE_MANAGER) {
            throw new IllegalArgumentException("observe the model; pass its compose-manager as the second argument");
        }
        String source = "observed " + component.at() + " at " + component.host() + "; not rebuilt";
        TdMeasurements td = component.td();
        JsonObjectBuilder profile = JSON.createObjectBuilder()
                .add("match", JSON.createObjectBuilder().add("role", component.role().json())
                        .add("hosts", JSON.createArrayBuilder().add(component.host())))
                .add("boot", boot(component, source))
                .add("platform", JSON.createObjectBuilder()
                        .add("mrSeam", JSON.createObjectBuilder().add("allow", JSON.createArrayBuilder().add(td.mrSeam())))
                        .add("tdAttributes", JSON.createObjectBuilder().add("debug", "forbid").add("exact", td.tdAttributes())));
        component.events().ifPresent(events -> profile.add("eventLog", eventLog(events)));
        profile.add("app", app(component));
        List<JsonObject> rules = new ArrayList<>();
        if (component.role() == Role.MODEL) {
            composeManager.flatMap(Observation::composeState).ifPresentOrElse(
                    state -> profile.add("composeManager", composeManager(state, rules)),
                    () -> profile.add("composeManager", JSON.createObjectBuilder().add("required", false)));
            profile.add("gpu", gpu(component));
        }
        profile.add("reportData", JSON.createObjectBuilder().add("layout", "near-v1")
                .add("requireTlsBinding", component.tlsBound()));
        String name = "observed-" + component.role().json() + "-" + component.host().replaceAll("[^A-Za-z0-9.-]", "-");
        return new ObservedProfile(name.length() > 64 ? name.substring(0, 64) : name, profile.build(), rules);
    }

    /** GPUs are always required; the count and architecture are pinned as observed, when they were established. */
    private static JsonObject gpu(Observation o) {
        JsonObjectBuilder gpu = JSON.createObjectBuilder().add("required", true).add("requireNonceMatch", true);
        o.gpu().flatMap(GpuFacts::count).ifPresent(n -> gpu.add("count", n));
        o.gpu().flatMap(GpuFacts::architecture).ifPresent(a -> gpu.add("architectures", JSON.createArrayBuilder().add(a.name())));
        return gpu.build();
    }

    /** Boot tuples need the os-image-hash event; without it there is nothing sound to pin, so boot stays in warn mode. */
    private static JsonObject boot(Observation o, String source) {
        Optional<String> os = o.events().flatMap(e -> e.bootPayload(RuntimeEvents.OS_IMAGE_HASH));
        if (os.isEmpty()) {
            return JSON.createObjectBuilder().add("mode", "warn").build();
        }
        TdMeasurements td = o.td();
        return JSON.createObjectBuilder().add("allow", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                .add("label", o.role().json() + " at " + o.host()).add("source", source).add("osImageHash", os.get())
                .add("mrtd", td.mrTd()).add("rtmr0", JSON.createArrayBuilder().add(td.rtmr0())).add("rtmr1", td.rtmr1())
                .add("rtmr2", td.rtmr2()))).build();
    }

    private static JsonObject eventLog(RuntimeEvents events) {
        JsonArrayBuilder after = JSON.createArrayBuilder();
        events.afterSystemReady().stream().map(RuntimeEvent::name).distinct().forEach(after::add);
        return JSON.createObjectBuilder()
                .add("required", JSON.createArrayBuilder(events.bootNames().stream().distinct().toList()))
                .add("afterSystemReady", JSON.createObjectBuilder().add("allowEvents", after)).build();
    }

    private static JsonObject app(Observation o) {
        JsonObjectBuilder app = JSON.createObjectBuilder();
        o.events().flatMap(e -> e.bootPayload(RuntimeEvents.APP_ID))
                .ifPresent(id -> app.add("appIds", JSON.createArrayBuilder().add(id)));
        o.events().flatMap(RuntimeEvents::keyProvider).ifPresent(k -> app.add("keyProviders", JSON.createArrayBuilder()
                .add(JSON.createObjectBuilder().add("name", k.name()).add("id", k.id()))));
        o.appCompose().map(AppCompose::composeHash)
                .ifPresent(h -> app.add("compose", JSON.createObjectBuilder().add("mode", "pinned")
                .add("allowHashes", JSON.createArrayBuilder().add(h))));
        boolean pinned = o.appCompose()
                .map(c -> c.problems().isEmpty() && c.images().stream().allMatch(ImageReference::pinned)).orElse(false);
        return app.add("imagesMustBeDigestPinned", pinned).build();
    }

    private static JsonObject composeManager(ComposeState state, List<JsonObject> rules) {
        JsonArrayBuilder files = JSON.createArrayBuilder();
        for (ComposeState.Deployment d : state.activeDeployments()) {
            files.add(JSON.createObjectBuilder().add("tag", d.tag()).add("commit", d.commit()).add("file", d.file())
                    .add("sha256", d.fileSha256()));
        }
        JsonObjectBuilder cm = JSON.createObjectBuilder().add("required", true).add("sourceRepo", "nearai/cvm-compose-files")
                .add("allowFiles", files);
        state.composeManagerImage().map(ImageReference::parse).filter(ImageReference::pinned).ifPresent(image -> {
            String id = "observed-" + image.repository().replaceAll("[^a-z0-9]+", "-");
            rules.add(JSON.createObjectBuilder().add("id", id).add("repo", image.repository())
                    .add("provenance", JSON.createObjectBuilder()
                    .add("type", "digest-allowlist")
                            .add("digests", JSON.createArrayBuilder().add(image.digest().get()))).build());
            cm.add("composeManagerImage", JSON.createObjectBuilder().add("provenanceRule", id));
        });
        return cm.build();
    }

    /**
     * A complete policy file: the built-in defaults plus the observed profiles (names made unique,
     * image rules merged by id), ready to review and use.
     */
    public static JsonObject document(List<ObservedProfile> observed) {
        JsonObject defaults;
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(PolicyLoader.defaultPolicyBytes()))) {
            defaults = reader.readObject().getJsonObject("defaults");
        }
        JsonObjectBuilder profiles = JSON.createObjectBuilder();
        Set<String> names = new HashSet<>();
        Map<String, JsonObject> rules = new LinkedHashMap<>();
        for (ObservedProfile p : observed) {
            String name = p.name();
            for (int i = 2; !names.add(name); i++) {
                name = p.name() + "-" + i;
            }
            profiles.add(name, p.profile());
            p.imageRules().forEach(r -> rules.merge(r.getString("id"), r, PolicyObserver::mergeRules));
        }
        JsonObjectBuilder doc = JSON.createObjectBuilder().add("schema", PolicyParser.SCHEMA)
                .add("description", "Generated by verified-proxy observe mode from observed attestations. Cross-check "
                        + "every value (release notes, reproducible builds, NEAR's published digests) before trusting it.")
                .add("defaults", defaults).add("profiles", profiles);
        if (!rules.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            rules.values().forEach(list::add);
            doc.add("images", JSON.createObjectBuilder().add("rules", list).add("unknownRepos", "deny"));
        }
        return doc.build();
    }

    private static JsonObject mergeRules(JsonObject a, JsonObject b) {
        Set<String> digests = new java.util.LinkedHashSet<>();
        a.getJsonObject("provenance").getJsonArray("digests")
                .forEach(d -> digests.add(((jakarta.json.JsonString) d).getString()));
        b.getJsonObject("provenance").getJsonArray("digests")
                .forEach(d -> digests.add(((jakarta.json.JsonString) d).getString()));
        return JSON.createObjectBuilder(a).add("provenance", JSON.createObjectBuilder().add("type", "digest-allowlist")
                .add("digests", JSON.createArrayBuilder(List.copyOf(digests)))).build();
    }

    /** Indented JSON, for logs and files. */
    public static String pretty(JsonObject json) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            writer.writeObject(json);
        }
        return out.toString().strip() + "\n";
    }
}
