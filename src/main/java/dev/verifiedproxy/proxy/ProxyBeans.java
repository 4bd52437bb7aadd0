package dev.verifiedproxy.proxy;

import dev.verifiedproxy.chatcheck.ChatCheckSettings;
import dev.verifiedproxy.chatcheck.ChatCheckStore;
import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.Pem;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.routing.DomainAllowList;
import dev.verifiedproxy.routing.EndpointDiscovery;
import dev.verifiedproxy.routing.EndpointResolver;
import dev.verifiedproxy.routing.Router;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.BackendAttestor;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.TransportSettings;
import dev.verifiedproxy.transport.WebPkiTrust;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Builds the router, the attested backend client and the signature checker from the configuration. */
@ApplicationScoped
public class ProxyBeans {

    @Produces
    @Singleton
    Router router(ProxyConfig config, HttpFetcher fetcher) {
        DomainAllowList allowList = new DomainAllowList(config.get(ConfigKeys.ALLOWED_DOMAINS));
        EndpointDiscovery discovery = new EndpointDiscovery(fetcher, config.get(ConfigKeys.DISCOVERY_URL),
                config.get(ConfigKeys.DISCOVERY_TTL), config.get(ConfigKeys.CONNECT_TIMEOUT).plus(Duration.ofSeconds(20)),
                allowList, Clock.systemUTC());
        return new Router(config.get(ConfigKeys.UPSTREAM_MODE), config.get(ConfigKeys.GATEWAY_URL).getHost(), discovery,
                allowList, resolver(config));
    }

    static EndpointResolver resolver(ProxyConfig config) {
        return new EndpointResolver(config.get(ConfigKeys.BACKEND_PORT), config.get(ConfigKeys.RESOLVE));
    }

    static TransportSettings transportSettings(ProxyConfig config) {
        return new TransportSettings(config.get(ConfigKeys.CONNECT_TIMEOUT), config.get(ConfigKeys.ATTESTATION_TIMEOUT),
                config.get(ConfigKeys.READ_TIMEOUT), config.get(ConfigKeys.ATTESTATION_MAX_BYTES),
                config.get(ConfigKeys.SIGNING_ALGO), config.get(ConfigKeys.ATTESTATION_TTL),
                config.get(ConfigKeys.ATTESTATION_FAILURE_BACKOFF), config.get(ConfigKeys.POOL_MAX_IDLE),
                config.get(ConfigKeys.POOL_IDLE_TIMEOUT), config.get(ConfigKeys.ATTESTATION_TIMEOUT).plusSeconds(30));
    }

    /**
     * The attested client. Its verifier is whichever {@link BackendAttestor} bean the application
     * provides; without one every backend fails attestation, so nothing is ever forwarded unverified.
     */
    @Produces
    @Singleton
    BackendClient backendClient(ProxyConfig config, Instance<BackendAttestor> attestors) {
        BackendAttestor attestor = attestors.isResolvable() ? attestors.get()
                : request -> AttestationOutcome.failed("verifier", "no attestation verifier is installed");
        TransportSettings settings = transportSettings(config);
        return new BackendClient(new AttestedConnectionPool(attestor, settings, Clock.systemUTC(), webPkiTrust(config)),
                settings);
    }

    /**
     * The authorities under which the gateway's certificate must be valid before its API key goes with the report
     * request: the system's, plus the test gateway CA when test roots are allowed (the configuration refuses it
     * otherwise; checked again here so that no path installs it without the opt-in).
     */
    public static WebPkiTrust webPkiTrust(ProxyConfig config) {
        Optional<Path> testCa = config.find(ConfigKeys.TEST_GATEWAY_CA);
        if (testCa.isEmpty() || !config.get(ConfigKeys.ALLOW_TEST_ROOTS)) {
            return WebPkiTrust.system();
        }
        try {
            return WebPkiTrust.systemAnd(Pem.certificates(Files.readString(testCa.get(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CollateralFormatException e) {
            throw new IllegalStateException(testCa.get() + " is not a PEM file of certificates: " + e.getMessage(), e);
        }
    }

    void close(@Disposes BackendClient client) {
        client.close();
    }

    /** Background signature checks of chat answers, with their bounded executor and result store. */
    @Produces
    @Singleton
    ChatSignatureVerifier chatSignatureVerifier(ProxyConfig config, BackendClient client) {
        return chatSignatureVerifier(config, client, Clock.systemUTC());
    }

    static ChatSignatureVerifier chatSignatureVerifier(ProxyConfig config, BackendClient client, Clock clock) {
        ChatCheckSettings settings = new ChatCheckSettings(config.get(ConfigKeys.SIGNATURES_THREADS),
                config.get(ConfigKeys.SIGNATURES_MAX_PENDING), config.get(ConfigKeys.SIGNATURES_FETCH_ATTEMPTS),
                config.get(ConfigKeys.SIGNATURES_RETRY_BACKOFF), config.get(ConfigKeys.SIGNATURES_CVM_ATTEMPTS));
        ChatCheckStore store = new ChatCheckStore(config.get(ConfigKeys.SIGNATURES_STORE_SIZE),
                config.get(ConfigKeys.SIGNATURES_STORE_TTL), clock);
        return new ChatSignatureVerifier(client, settings, store, clock);
    }

    void close(@Disposes ChatSignatureVerifier verifier) {
        verifier.close();
    }
}
