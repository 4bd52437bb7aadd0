package dev.verifiedproxy.attestation.web;

import dev.verifiedproxy.attestation.QuoteBindingAttestor;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.transport.BackendAttestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Set;

/** The verifier the attested transport uses for every new backend key. */
@ApplicationScoped
public class AttestorBeans {

    @Produces
    @Singleton
    BackendAttestor backendAttestor(DcapService dcap) {
        return new QuoteBindingAttestor(dcap, Set.of(TcbStatus.UP_TO_DATE));
    }
}
