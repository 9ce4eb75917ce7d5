package io.tmsprovisioner.tapis;

/**
 * The four Tapis Systems calls the provisioning rules use, with HTTP answers already turned into
 * meanings. Implementations are safe to call from many threads.
 *
 * <p>Every method throws {@link TapisRefusalException} when Tapis refuses the call for this
 * user/system (400, 403, 404, a 500 on create or remove, ...), {@link TapisAuthenticationException}
 * when the caller's own token is rejected and cannot be renewed, and {@link TapisUnavailableException}
 * for a transient failure: Tapis could not be reached, its answer was lost, or it answered 429, 502,
 * 503, 504, or 500 on a read-only call ({@link #checkCredential}, {@link #getSystem}).
 */
public interface TapisSystems {

    /** {@code checkUserCredential}: 200 is VALID; the JSON 401 {@code SYSAPI_CRED_VALID_FAIL} is MISSING or INVALID. */
    CredentialCheck checkCredential(String systemId, String username);

    /** Whether the credential is stored and works. */
    default boolean hasCredential(String systemId, String username) {
        return checkCredential(systemId, username).isValid();
    }

    /** {@code getSystem}, reduced to what provisioning needs. */
    SystemInfo getSystem(String systemId);

    /** {@code createUserCredential?createTmsKeys=true} with body {@code {}}. Not idempotent: each call mints keys. */
    void createTmsKeys(String systemId, String username);

    /** {@code removeUserCredential}; any 2xx is success, also when nothing was stored. */
    void removeCredential(String systemId, String username);
}
