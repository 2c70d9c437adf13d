namespace AdvisoryWatch.Hosting;

/// <summary>
/// A start-up task found something it will not work with (a database of an unknown schema, say):
/// the message says what and what to do; it is reported like a configuration error, without a
/// stack trace, and the process exits with code 2.
/// </summary>
public sealed class StartupRefusedException : Exception
{
    public StartupRefusedException()
    {
    }

    public StartupRefusedException(string message)
        : base(message)
    {
    }

    public StartupRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
