package dev.verifiedproxy.net.web;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.net.JdkHttpFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one {@link HttpFetcher} of the application (PCS, NRAS, endpoint registry), closed on undeploy. */
@ApplicationScoped
public class NetBeans {

    @Produces
    @Singleton
    HttpFetcher httpFetcher(ProxyConfig config) {
        return new JdkHttpFetcher(config.get(ConfigKeys.CONNECT_TIMEOUT));
    }

    void close(@Disposes HttpFetcher fetcher) {
        if (fetcher instanceof JdkHttpFetcher jdk) {
            jdk.close();
        }
    }
}
