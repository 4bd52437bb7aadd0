package dev.verifiedproxy.e2ee;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where encrypted strings sit in a JSON body, as a tree shaped like the body. Each node only
 * touches values of its own JSON type and leaves everything else alone, so absent fields, nulls
 * and unexpected shapes pass through unchanged.
 */
sealed interface FieldRule {

    /** How a leaf value becomes the string that is encrypted, and back. */
    enum Kind {
        /** A string field. */
        TEXT,
        /** A string, or an array sent as its compact JSON text; opened back into an array when it parses as one. */
        ARRAY_AS_TEXT,
        /** Any JSON value sent as its compact JSON text (a string as is); opened back into whatever it parses as. */
        JSON_AS_TEXT
    }

    /**
     * An encrypted value.
     *
     * @param kind    how the value is turned into text
     * @param lenient when opening, a value that does not decrypt stays as it is: the
     *                {@code X-Encrypt-All-Fields} request fields clients may leave in plaintext
     */
    record Leaf(Kind kind, boolean lenient) implements FieldRule {
    }

    /** An object: a rule per member name. */
    record Members(Map<String, FieldRule> members) implements FieldRule {

        public Members {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** These members plus more, given as name, rule, name, rule, … */
        Members plus(Object... namesAndRules) {
            Map<String, FieldRule> all = new LinkedHashMap<>(members);
            for (int i = 0; i < namesAndRules.length; i += 2) {
                all.put((String) namesAndRules[i], (FieldRule) namesAndRules[i + 1]);
            }
            return new Members(all);
        }
    }

    /** An array: the rule applies to every element. */
    record Each(FieldRule element) implements FieldRule {
    }

    /** Alternatives for values that come in several JSON types (string or array of parts). */
    record Either(List<FieldRule> alternatives) implements FieldRule {
    }
}
