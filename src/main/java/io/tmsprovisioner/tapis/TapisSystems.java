package io.tmsprovisioner.tapis;

import java.util.Set;

/**
 * The Tapis Systems calls the provisioning rules use, with HTTP answers already turned into
 * meanings. Implementations are safe to call from many threads.
 *
 * <p>Every method throws {@link TapisRefusalException} when Tapis refuses the call for this
 * user/system (400, 403, 404, ...), {@link TapisAuthenticationException} when the caller's own token is
 * rejected and cannot be renewed, {@link TapisUnavailableException} for a transient failure (Tapis could
 * not be reached, its answer was lost, or it answered 500, 502, 503 or 504: on a create or remove such an
 * answer may come after the call took effect), and {@link TapisOutageException} when Tapis asks to wait
 * longer than a run can (a {@code Retry-After} beyond 5 minutes, an unreadable one on a 429, or 429s for
 * longer than the rate-limit patience). A 429 within those bounds is waited out and resent, never thrown.
 */
public interface TapisSystems {

    /**
     * {@code checkUserCredential}: 200 is VALID; the 401 {@code SYSLIB_CRED_NOT_FOUND} is MISSING; the 401
     * {@code SYSAPI_CRED_VALID_FAIL} is read by the verify step's reason (INVALID, UNREACHABLE or UNDETERMINED).
     */
    CredentialCheck checkCredential(String systemId, String username);

    /** {@code getSystem}, reduced to what provisioning needs. */
    SystemInfo getSystem(String systemId);

    /**
     * {@code getSystems?listType=ALL&hasCredentials=true&impersonationId=username}: the ids of the systems the user can
     * see where Tapis has a credential registered for the user and the system's default authentication method. A
     * listed pair is stored, not known to work on the host; an unlisted one may still be stored (Systems leaves
     * {@code TMS_KEYS} out of {@code hasCredentials}). Only tenant admins (and some services) may impersonate: anyone
     * else gets the 403 {@code SYSLIB_UNAUTH_IMPERSONATE} refusal. An answer whose items do not all confirm
     * {@code hasCredentials} (a Systems that ignored the filter) is thrown as a {@link TapisRefusalException}
     * without a code. See {@code docs/tapis-api.md}, "getSystems: the credential listing".
     */
    Set<String> systemsWithCredentials(String username);

    /**
     * {@code createUserCredential?createTmsKeys=true&skipCredentialCheck=true} with body {@code {}}: TMS mints a
     * key pair and Tapis stores it, without connecting to the host; a check tells afterwards whether the host
     * takes it. Not idempotent: each call mints keys. A refusal wrapped in a 500 ({@code SYSLIB_CRED_TMS_KEYS_*})
     * is thrown as a {@link TapisRefusalException} named by the refusal it wraps.
     */
    void createTmsKeys(String systemId, String username);

    /** {@code removeUserCredential}; any 2xx is success, also when nothing was stored. */
    void removeCredential(String systemId, String username);

    /**
     * A view of these calls for one run: every create and remove is put on the wire only once {@code guard} allows
     * it, every time (repeats included), and every wait for a turn ends when the run ends. The guard is the view's,
     * not the client's: a row still in flight after its run ended stays refused whatever guards later runs use, and
     * calls made on this client itself stay unguarded ({@link SendGuard#NONE}).
     */
    TapisSystems guarded(SendGuard guard);
}
