package io.sessions4j.admin;

import io.sessions4j.core.config.OptionValues;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** {@code 30s}, {@code 2m}, {@code PT30S}: durations as every sessions4j option reads them. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return OptionValues.duration(value);
  }
}
