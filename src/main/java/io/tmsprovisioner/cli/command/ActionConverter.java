package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.input.Action;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;

/** Reads establish, remove or reset in any letter case, and lists them in lower case in the help. */
final class ActionConverter implements ITypeConverter<Action>, Iterable<String> {

    @Override
    public Action convert(String value) {
        return Action.parse(value).orElseThrow(() ->
                new TypeConversionException("'" + value + "' is not one of establish, remove, reset"));
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Action.values()).map(Action::label).iterator();
    }
}
