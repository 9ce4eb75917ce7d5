package io.tmsprovisioner.tapis;

/**
 * The part of a Tapis system definition that provisioning needs.
 *
 * @param dynamicEffectiveUser whether each Tapis user is their own account on the host ({@code effectiveUserId}
 *                             {@code ${apiUserId}}); false for a static account; null when the answer did not say.
 *                             ({@code getSystem} answers the resolved {@code effectiveUserId}, never
 *                             {@code ${apiUserId}}: only {@code isDynamicEffectiveUser} tells.)
 * @param systemType           e.g. {@code LINUX}, {@code S3}; null when the answer did not say
 * @param host                 the host Tapis connects to; several systems may share one; null when the answer did not say
 */
public record SystemInfo(String id, String defaultAuthnMethod, Boolean dynamicEffectiveUser, String systemType,
                         String host) {

    public static final String TMS_KEYS = "TMS_KEYS";
    private static final String LINUX = "LINUX";
    /** {@code CredUtils.validateTmsConfig}'s refusals that a system's definition shows beforehand. */
    static final String TMS_KEYS_INVALID_SYS_TYPE = "SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE";
    static final String TMS_KEYS_NOT_ALLOWED = "SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED";

    public boolean usesTmsKeys() {
        return TMS_KEYS.equals(defaultAuthnMethod);
    }

    /** The host Tapis connects to for this system, or the system's id when the answer did not name one. */
    public String hostOrId() {
        return host != null ? host : id;
    }

    /**
     * The {@code SYSLIB_CRED_TMS_KEYS_*} refusal Tapis would answer a create of TMS keys with, as far as the
     * definition shows it ({@code CredUtils.validateTmsConfig}): a system type other than LINUX, or a static
     * effective user. Null when the definition shows none (or does not say).
     */
    public String tmsKeysRefusal() {
        if (systemType != null && !LINUX.equals(systemType)) {
            return TMS_KEYS_INVALID_SYS_TYPE;
        }
        if (Boolean.FALSE.equals(dynamicEffectiveUser)) {
            return TMS_KEYS_NOT_ALLOWED;
        }
        return null;
    }
}
