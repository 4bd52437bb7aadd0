package dev.verifiedproxy.testing;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpFetcher} that answers from a script, for unit tests of clients (no socket): each
 * request gets the next answer, and the last answer repeats. An answer is a {@code String} (HTTP 200
 * with that body), an {@code Integer} (that status, body {@code {"status":N}}) or a
 * {@link FetchException} (thrown). Every request is recorded.
 */
public final class ScriptedFetcher implements HttpFetcher {

    private final List<Object> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<FetchRequest> requests = Collections.synchronizedList(new ArrayList<>());

    /** Appends answers to the script. */
    public ScriptedFetcher answer(Object... next) {
        for (Object answer : next) {
            if (!(answer instanceof String || answer instanceof Integer || answer instanceof FetchException)) {
                throw new IllegalArgumentException("an answer is a String, an Integer or a FetchException: " + answer);
            }
            answers.add(answer);
        }
        return this;
    }

    /** Forgets the script and the recorded requests. */
    public void reset() {
        answers.clear();
        requests.clear();
    }

    public List<FetchRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public FetchedResponse send(FetchRequest request) throws FetchException {
        Object answer;
        synchronized (requests) {
            requests.add(request);
            if (answers.isEmpty()) {
                throw new IllegalStateException("no answer scripted for " + request.uri());
            }
            answer = answers.get(Math.min(requests.size(), answers.size()) - 1);
        }
        if (answer instanceof FetchException e) {
            throw e;
        }
        if (answer instanceof Integer status) {
            return new FetchedResponse(status, Map.of(), ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8));
        }
        return new FetchedResponse(200, Map.of(), ((String) answer).getBytes(StandardCharsets.UTF_8));
    }
}
