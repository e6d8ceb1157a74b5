package io.stacksdataverse.host.cli;

import io.stacksdataverse.spi.ScheduleGroup;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values parsed with the messages people know from the command line's first version. */
final class Converters {
    private Converters() {
    }

    static final class Date implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("must be YYYY-MM-DD, got '" + value + "'");
            }
        }
    }

    static final class Group implements ITypeConverter<ScheduleGroup> {
        @Override
        public ScheduleGroup convert(String value) {
            try {
                return ScheduleGroup.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int v = Integer.parseInt(value);
                if (v >= 1) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("needs a positive number, got '" + value + "'");
        }
    }
}
