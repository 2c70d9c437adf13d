namespace AdvisoryWatch.IntegrationTests;

/// <summary>
/// Where the real services that <c>./test.sh</c> starts on loopback can be reached. A missing
/// variable fails the test with a message saying how to get the services, never a silent skip.
/// </summary>
public static class TestServices
{
    /// <summary>An Npgsql connection string to the empty database <c>advisorywatch_test</c>.</summary>
    public static string PostgresConnectionString => Required("ADVISORYWATCH_TEST_POSTGRES");

    /// <summary>An amqp URI to a RabbitMQ broker (guest/guest on loopback).</summary>
    public static Uri RabbitMqUri => new(Required("ADVISORYWATCH_TEST_RABBITMQ"));

    public static string SmtpHost => Required("ADVISORYWATCH_TEST_SMTP_HOST");

    public static int SmtpPort => int.Parse(Required("ADVISORYWATCH_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The SMTP server's folder: each accepted message is one <c>.eml</c> file in <c>new/</c>,
    /// headed by <c>X-Envelope-From</c> and one <c>X-Envelope-To</c> per recipient. Recipients
    /// whose local part starts with <c>smtp-451</c> or <c>smtp-550</c> are refused with that code.
    /// </summary>
    public static string SmtpMailDirectory => Path.Combine(Required("ADVISORYWATCH_TEST_SMTP_DIR"), "new");

    /// <summary>The Chromium executable for browser tests.</summary>
    public static string ChromiumPath => Required("ADVISORYWATCH_TEST_CHROMIUM");

    private static string Required(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{name} is not set: run ./test.sh, which starts the services (PostgreSQL, RabbitMQ, SMTP, Chromium) on loopback and sets it.");
        }

        return value;
    }
}
