package io.tmsprovisioner.provisioning;

import java.util.Map;
import java.util.Optional;

/**
 * What stands behind a refusal that Tapis words for its own developers, in one sentence for an administrator:
 * the refusals of a TMS key creation ({@code SYSLIB_CRED_TMS_KEYS_*}, from Tapis Systems'
 * {@code CredUtils.createCredentialForUser}) and of the caller's permissions (see {@code docs/tapis-api.md},
 * "createUserCredential" and "Who may call").
 */
final class RefusalAdvice {
    private static final Map<String, String> SENTENCES = Map.of(
            "SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED", "Tapis creates TMS keys only on systems whose effectiveUserId is "
                    + "${apiUserId} (isDynamicEffectiveUser) and for credentials that map no loginUser",
            "SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE", "Tapis creates TMS keys only on LINUX systems",
            "SYSLIB_CRED_TMS_KEYS_NOT_CFG", "TMS is not configured for this Tapis site",
            "SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED", "this tenant is not allowed to use TMS",
            "SYSLIB_CRED_TMS_KEYS_BAD_ARG", "Tapis refused an argument of the TMS request",
            "SYSLIB_CRED_TMS_KEYS_HTTP_ERR", "TMS refused to mint keys: unless the tenant's TMS runs in MVP mode, "
                    + "it needs delegation, user-MFA and user-host records that let the caller act for this user on "
                    + "this host",
            "SYSLIB_UNAUTH", "the Tapis account running this tool may not act on this system or user: it must own "
                    + "the system or be a tenant admin");

    private RefusalAdvice() {
    }

    /** The sentence for a refusal code; empty for a code that is not a TMS refusal. */
    static Optional<String> explain(String code) {
        return Optional.ofNullable(code == null ? null : SENTENCES.get(code));
    }
}
