package io.tmsprovisioner;

import io.tmsprovisioner.cli.command.TmsProvisionerCli;

/**
 * The jar's entry point: runs the command line, which starts a Spring context only for the commands that
 * need one ({@link ProvisioningApplication}, {@link RepositoryApplication}), and exits with its exit code.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(TmsProvisionerCli.standard().execute(args));
    }
}
