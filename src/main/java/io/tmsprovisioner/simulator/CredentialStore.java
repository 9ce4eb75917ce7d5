package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tenant's accounts and systems (fixed) and its stored credentials and minted keys (changing). Thread-safe. */
final class CredentialStore {

    private final Map<String, Account> accounts;
    private final Map<String, SystemDef> systems;
    private final Set<Credential> credentials = ConcurrentHashMap.newKeySet();
    /** TMS keeps every key pair it minted, while Systems stores only the newest: count them apart. */
    private final Map<Credential, Integer> keysMinted = new ConcurrentHashMap<>();
    /** Systems whose host cannot be reached right now. */
    private final Set<String> hostsDown = ConcurrentHashMap.newKeySet();

    CredentialStore(SimulatorState state) {
        accounts = state.accounts().stream().collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
        systems = state.systems().stream().collect(Collectors.toUnmodifiableMap(SystemDef::id, Function.identity()));
        credentials.addAll(state.credentials());
        state.systems().stream().filter(SystemDef::hostDown).map(SystemDef::id).forEach(hostsDown::add);
    }

    boolean hostDown(SystemDef system) {
        return hostsDown.contains(system.id());
    }

    void setHostDown(String systemId, boolean down) {
        if (!systems.containsKey(systemId)) {
            throw new IllegalArgumentException("no such system: " + systemId);
        }
        if (down) {
            hostsDown.add(systemId);
        } else {
            hostsDown.remove(systemId);
        }
    }

    /** The account whose password matches; empty for an unknown user or a wrong password. */
    Optional<Account> authenticate(String username, String password) {
        return Optional.ofNullable(accounts.get(username)).filter(a -> a.password().equals(password));
    }

    Optional<SystemDef> system(String systemId) {
        return Optional.ofNullable(systems.get(systemId));
    }

    /** Tapis lets a user manage their own credentials; others' only as system owner or tenant admin. */
    boolean mayManage(String caller, SystemDef system, String username) {
        Account account = accounts.get(caller);
        return caller.equals(username) || caller.equals(system.owner()) || (account != null && account.tenantAdmin());
    }

    boolean has(Credential credential) {
        return credentials.contains(credential);
    }

    void store(Credential credential) {
        credentials.add(credential);
    }

    /** TMS mints a new key pair and Systems stores it as the user's credential. */
    void mintTmsKeys(Credential credential) {
        keysMinted.merge(credential, 1, Integer::sum);
        credentials.add(credential);
    }

    void remove(Credential credential) {
        credentials.remove(credential);
    }

    int keysMinted(Credential credential) {
        return keysMinted.getOrDefault(credential, 0);
    }

    int totalKeysMinted() {
        return keysMinted.values().stream().mapToInt(Integer::intValue).sum();
    }

    SortedSet<String> credentialPairs() {
        return credentials.stream().map(Credential::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
