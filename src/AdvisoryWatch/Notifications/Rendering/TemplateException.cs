namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>A template that cannot be used; the message names the file, the line and what is wrong.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
