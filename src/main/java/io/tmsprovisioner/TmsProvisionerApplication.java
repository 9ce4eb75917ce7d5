package io.tmsprovisioner;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TmsProvisionerApplication {
    public static void main(String[] args) {
        // replaced by the CLI entry point
    }
}
