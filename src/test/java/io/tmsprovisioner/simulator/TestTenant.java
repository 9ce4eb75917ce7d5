package io.tmsprovisioner.simulator;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small tenant covering every kind of system the simulator distinguishes: stampede3.dtn shares stampede3's host,
 * shared-account has a static effectiveUserId, bucket is S3; alice may read stampede3 (only), tms-admin may not read
 * private.
 */
final class TestTenant {

    static final String ADMIN = "tms-admin";
    static final String ADMIN_PASSWORD = "admin-pw";
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-pw";
    static final String ROOT = "root";
    static final String ROOT_PASSWORD = "root-pw";

    static final String JSON = """
            {
              "tokenLifetimeSeconds": 3600,
              "accounts": [
                {"username": "tms-admin", "password": "admin-pw"},
                {"username": "alice", "password": "alice-pw"},
                {"username": "root", "password": "root-pw", "tenantAdmin": true}
              ],
              "systems": [
                {"id": "stampede3", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin", "readers": ["alice"]},
                {"id": "vista", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin", "hostCheckFails": true},
                {"id": "community", "defaultAuthnMethod": "PASSWORD", "owner": "tms-admin"},
                {"id": "private", "defaultAuthnMethod": "TMS_KEYS", "owner": "other-owner"},
                {"id": "stampede3.dtn", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin",
                 "host": "stampede3.example.org"},
                {"id": "shared-account", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin",
                 "effectiveUserId": "svc-account"},
                {"id": "bucket", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin", "systemType": "S3"}
              ],
              "credentials": [
                {"systemId": "stampede3", "username": "jdoe"},
                {"systemId": "bucket", "username": "jdoe"}
              ]
            }
            """;

    private TestTenant() {
    }

    static SimulatorState state() {
        return state(JSON);
    }

    static SimulatorState state(String json) {
        return SimulatorState.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
