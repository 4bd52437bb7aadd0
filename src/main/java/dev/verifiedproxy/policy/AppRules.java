package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ImageReference;
import dev.verifiedproxy.eventlog.KeyProvider;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.verdict.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code app}: app id, key provider, compose pinning or provenance, digest-pinned images. */
final class AppRules {

    static final String APP_ID = "app_id";
    static final String KEY_PROVIDER = "key_provider";
    static final String COMPOSE = "compose_pinning";
    static final String IMAGES_PINNED = "images_digest_pinned";

    private AppRules() {
    }

    static Check appId(AppPolicy app, Optional<RuntimeEvents> events) {
        Optional<String> observed = events.flatMap(e -> e.bootPayload(RuntimeEvents.APP_ID));
        if (app.appIds().isEmpty()) {
            return Check.notPinned(APP_ID, "observed " + observed.orElse("(no app-id event)"));
        }
        if (observed.isEmpty()) {
            return Check.fail(APP_ID, PolicyFailure.EVENTS_UNAVAILABLE, "no app-id boot event");
        }
        return PolicyEvaluator.apply(app.mode(), Digests.contains(app.appIds().get(), observed.get())
                ? Check.pass(APP_ID, "app id " + observed.get() + " allowed")
                : Check.fail(APP_ID, PolicyFailure.APP_ID_NOT_ALLOWED, "observed " + observed.get() + ", allowed "
                        + app.appIds().get()));
    }

    static Check keyProvider(AppPolicy app, Optional<RuntimeEvents> events) {
        Optional<KeyProvider> observed = events.flatMap(RuntimeEvents::keyProvider);
        String shown = observed.map(k -> k.name() + " " + k.id()).orElse("(no key-provider event)");
        if (app.keyProviders().isEmpty()) {
            return Check.notPinned(KEY_PROVIDER, "observed " + shown);
        }
        if (observed.isEmpty()) {
            return Check.fail(KEY_PROVIDER, PolicyFailure.EVENTS_UNAVAILABLE, "no readable key-provider boot event");
        }
        return PolicyEvaluator.apply(app.mode(), app.keyProviders().get().contains(observed.get())
                ? Check.pass(KEY_PROVIDER, "key provider " + shown + " allowed")
                : Check.fail(KEY_PROVIDER, PolicyFailure.KEY_PROVIDER_NOT_ALLOWED, "observed " + shown));
    }

    static Check compose(AppPolicy app, ImagePolicy images, Optional<AppCompose> compose) {
        if (app.compose().isEmpty()) {
            return Check.notPinned(COMPOSE, "observed compose hash " + compose.map(AppCompose::composeHash)
                    .orElse("(no app compose)"));
        }
        if (compose.isEmpty()) {
            return Check.fail(COMPOSE, PolicyFailure.APP_COMPOSE_UNAVAILABLE, "no readable app_compose");
        }
        ComposeRule rule = app.compose().get();
        String hash = compose.get().composeHash();
        Check c;
        if (rule.mode() == ComposeRule.Mode.PINNED) {
            c = Digests.contains(rule.allowHashes(), hash) ? Check.pass(COMPOSE, "compose hash " + hash + " pinned")
                    : Check.fail(COMPOSE, PolicyFailure.COMPOSE_NOT_ALLOWED, "observed " + hash + ", "
                            + rule.allowHashes().size() + " allowed");
        } else {
            c = provenance(images, compose.get());
        }
        return PolicyEvaluator.apply(app.mode(), c);
    }

    /** Every image is pinned by digest and that digest is allowed for its repository (or unknown repositories are allowed). */
    private static Check provenance(ImagePolicy images, AppCompose compose) {
        if (!compose.problems().isEmpty()) {
            return Check.fail(COMPOSE, PolicyFailure.IMAGE_NOT_PINNED, String.join("; ", compose.problems()));
        }
        List<String> denied = new ArrayList<>();
        for (ImageReference image : compose.images()) {
            if (image.digest().isEmpty()) {
                return Check.fail(COMPOSE, PolicyFailure.IMAGE_NOT_PINNED, image.reference());
            }
            boolean ok = images.ruleFor(image.repository()).map(r -> Digests.containsImage(r.digests(), image.digest().get()))
                    .orElse(images.allowUnknownRepos());
            if (!ok) {
                denied.add(image.reference());
            }
        }
        return denied.isEmpty() ? Check.pass(COMPOSE, compose.images().size() + " images allowed by the image rules")
                : Check.fail(COMPOSE, PolicyFailure.IMAGE_NOT_ALLOWED, "not allowed: " + denied);
    }

    static Check imagesPinned(AppPolicy app, Optional<AppCompose> compose) {
        if (!app.imagesMustBeDigestPinned()) {
            return Check.notPinned(IMAGES_PINNED, "digest pinning not required; images " + compose.map(c -> c.images().stream()
                    .map(ImageReference::reference).toList().toString()).orElse("unknown"));
        }
        if (compose.isEmpty()) {
            return Check.fail(IMAGES_PINNED, PolicyFailure.APP_COMPOSE_UNAVAILABLE, "no readable app_compose");
        }
        if (!compose.get().problems().isEmpty()) {
            return Check.fail(IMAGES_PINNED, PolicyFailure.IMAGE_NOT_PINNED, String.join("; ", compose.get().problems()));
        }
        List<String> loose = compose.get().images().stream().filter(i -> !i.pinned()).map(ImageReference::reference).toList();
        return loose.isEmpty() ? Check.pass(IMAGES_PINNED, compose.get().images().size() + " images, all pinned by digest")
                : Check.fail(IMAGES_PINNED, PolicyFailure.IMAGE_NOT_PINNED, "not pinned: " + loose);
    }
}
