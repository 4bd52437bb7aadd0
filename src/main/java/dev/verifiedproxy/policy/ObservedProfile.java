package dev.verifiedproxy.policy;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * A profile, in the policy file's own format, that pins what one verification observed.
 *
 * @param name       suggested key in {@code profiles}
 * @param profile    the profile object
 * @param imageRules {@code images.rules} entries it references
 */
public record ObservedProfile(String name, JsonObject profile, List<JsonObject> imageRules) {

    public ObservedProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        imageRules = List.copyOf(imageRules);
    }
}
