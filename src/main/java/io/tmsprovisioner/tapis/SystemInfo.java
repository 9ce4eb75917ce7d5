package io.tmsprovisioner.tapis;

/** The part of a Tapis system definition that provisioning needs. */
public record SystemInfo(String id, String defaultAuthnMethod) {

    public static final String TMS_KEYS = "TMS_KEYS";

    public boolean usesTmsKeys() {
        return TMS_KEYS.equals(defaultAuthnMethod);
    }
}
