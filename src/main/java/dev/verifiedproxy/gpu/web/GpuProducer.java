package dev.verifiedproxy.gpu.web;

import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.net.HttpFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Makes the GPU verifier injectable: {@code @Inject GpuVerifier gpu}. NRAS is reached through the application's fetcher. */
@ApplicationScoped
public class GpuProducer {

    // @Singleton rather than @ApplicationScoped: GpuVerifier is final, thread-safe and needs no proxy.
    @Produces
    @Singleton
    GpuVerifier gpuVerifier(ProxyConfig config, HttpFetcher fetcher) {
        return GpuConfiguration.verifier(config, fetcher, Clock.systemUTC());
    }
}
