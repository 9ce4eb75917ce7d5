package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tenant's accounts and systems (fixed) and its stored credentials (changing). Thread-safe. */
final class CredentialStore {

    private final Map<String, Account> accounts;
    private final Map<String, SystemDef> systems;
    private final Set<Credential> credentials = ConcurrentHashMap.newKeySet();
    private volatile boolean listingOmitsTmsKeys;

    CredentialStore(SimulatorState state) {
        accounts = state.accounts().stream().collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
        systems = state.systems().stream().collect(Collectors.toUnmodifiableMap(SystemDef::id, Function.identity()));
        credentials.addAll(state.credentials());
    }

    /** The account whose password matches; empty for an unknown user or a wrong password. */
    Optional<Account> authenticate(String username, String password) {
        return Optional.ofNullable(accounts.get(username)).filter(a -> a.password().equals(password));
    }

    Optional<SystemDef> system(String systemId) {
        return Optional.ofNullable(systems.get(systemId));
    }

    /** The system, or IllegalArgumentException naming it. */
    SystemDef existing(String systemId) {
        return system(systemId).orElseThrow(() -> new IllegalArgumentException("no such system: " + systemId));
    }

    /**
     * Whether the caller may look the system up at all ({@code SystemsServiceImpl.checkForSystem}'s READ check):
     * its owner, a tenant admin, or a user granted READ or a share. Anyone else gets the 500
     * {@code SYSAPI_CHECK_ERROR} Tapis answers a caller without READ (contract-findings item 7).
     */
    boolean mayRead(String caller, SystemDef system) {
        return caller.equals(system.owner()) || isTenantAdmin(caller) || system.readers().contains(caller);
    }

    /**
     * Whether the caller may check, set or remove the user's credential ({@code AuthUtils.checkAuthOboUser}): the
     * owner, a tenant admin, or the user themself if they may read the system; else the 403 of {@code AuthUtils}.
     */
    boolean mayManage(String caller, SystemDef system, String username) {
        return caller.equals(system.owner()) || isTenantAdmin(caller)
                || caller.equals(username) && mayRead(caller, system);
    }

    /**
     * The systems a user sees in a listing ({@code SystemsServiceImpl.getSystems}, {@code listType}): {@code OWNED}
     * those the user owns; {@code ALL} also those the user was granted READ on or that are shared with the user
     * ({@code readers}). The user's own permissions decide, not a tenant admin's role: impersonating, an admin sees
     * what the user sees. Sorted by id.
     */
    List<SystemDef> visibleTo(String user, boolean all) {
        return systems.values().stream()
                .filter(s -> user.equals(s.owner()) || all && s.readers().contains(user))
                .sorted(Comparator.comparing(SystemDef::id)).toList();
    }

    /**
     * {@code hasCredentials}: a credential of the user is stored for the system's default method; never for a
     * {@code TMS_KEYS} system while the listing leaves them out.
     */
    boolean hasCredentials(String user, SystemDef system) {
        return has(new Credential(system.id(), user)) && !(listingOmitsTmsKeys && system.usesTmsKeys());
    }

    void setListingOmitsTmsKeys(boolean omits) {
        listingOmitsTmsKeys = omits;
    }

    boolean isTenantAdmin(String caller) {
        Account account = accounts.get(caller);
        return account != null && account.tenantAdmin();
    }

    boolean has(Credential credential) {
        return credentials.contains(credential);
    }

    void store(Credential credential) {
        credentials.add(credential);
    }

    void remove(Credential credential) {
        credentials.remove(credential);
    }

    SortedSet<String> credentialPairs() {
        return credentials.stream().map(Credential::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
