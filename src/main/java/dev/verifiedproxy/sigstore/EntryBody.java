package dev.verifiedproxy.sigstore;

import java.util.List;

/** A decoded Rekor entry body: what was logged, and by whom. */
public sealed interface EntryBody permits HashedRekordBody, DsseBody, IntotoBody {

    /** {@code kind/apiVersion}, e.g. {@code dsse/0.0.1}. */
    String kind();

    /** The verifiers the entry names, one per signature. */
    List<SignerMaterial> signers();
}
