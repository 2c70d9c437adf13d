using System.Net.Mail;
using AdvisoryWatch.Hosting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>Which mail system <see cref="IMailTransport"/> talks to.</summary>
public enum MailTransportKind
{
    /// <summary>An SMTP server when <c>Smtp:Host</c> is set, otherwise the pickup folder.</summary>
    Smtp,

    /// <summary>Microsoft Graph <c>sendMail</c> as an application (client credentials).</summary>
    Graph,

    /// <summary>Always the pickup folder, even when an SMTP host is configured.</summary>
    Pickup,
}

/// <summary><c>AdvisoryWatch:Mail:*</c>: the sender and the mail system messages are handed to.</summary>
public sealed class MailOptions
{
    public const string Section = "AdvisoryWatch:Mail";

    /// <summary>
    /// The envelope and header sender. The default only suits the pickup folder: a real server
    /// will want an address in a domain it relays for.
    /// </summary>
    public string From { get; set; } = "advisorywatch@localhost";

    public string FromName { get; set; } = "AdvisoryWatch";

    public MailTransportKind Transport { get; set; } = MailTransportKind.Smtp;

    /// <summary>Where <c>.eml</c> files go without an SMTP host; default <c>&lt;DataDirectory&gt;/outbox</c>.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public GraphSettings Graph { get; set; } = new();

    /// <summary>The pickup folder as an absolute path.</summary>
    public string PickupDirectoryFullPath(HostingOptions hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        return string.IsNullOrWhiteSpace(PickupDirectory)
            ? Path.Combine(hosting.DataDirectoryFullPath, "outbox")
            : Path.GetFullPath(PickupDirectory);
    }

    /// <summary>The transport <c>AddMail</c> registers: Graph when asked, SMTP when a host is set, otherwise the pickup folder.</summary>
    public MailTransportKind EffectiveTransport => Transport switch
    {
        MailTransportKind.Graph => MailTransportKind.Graph,
        MailTransportKind.Smtp when !string.IsNullOrWhiteSpace(Smtp.Host) => MailTransportKind.Smtp,
        _ => MailTransportKind.Pickup,
    };

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 25;

        /// <summary>Upgrade with STARTTLS (System.Net.Mail cannot speak implicit TLS on port 465).</summary>
        public bool StartTls { get; set; }

        public string? Username { get; set; }

        /// <summary>A secret: never logged.</summary>
        public string? Password { get; set; }

        /// <summary>Clients used in parallel: one connection manages only about 20 messages a second.</summary>
        public int Connections { get; set; } = 8;

        /// <summary>One deadline for a whole message: connect, dialogue, data and the final reply.</summary>
        public int TimeoutSeconds { get; set; } = 60;
    }

    public sealed class GraphSettings
    {
        public string? TenantId { get; set; }

        public string? ClientId { get; set; }

        /// <summary>A secret: never logged.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>The mailbox (user id or UPN) the messages are sent as.</summary>
        public string? Sender { get; set; }

        public Uri Authority { get; set; } = new("https://login.microsoftonline.com/");

        public Uri Endpoint { get; set; } = new("https://graph.microsoft.com/v1.0/");

        /// <summary>Deadline for one token request or one sendMail call.</summary>
        public int TimeoutSeconds { get; set; } = 60;
    }
}

/// <summary>Checks the mail options at start-up and reports every problem at once.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    private const string S = MailOptions.Section;

    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var errors = new List<string>();
        if (!MailAddress.TryCreate(options.From, out var from) || !string.Equals(from.Address, options.From.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{S}:From: '{options.From}' is not one mail address (user@domain).");
        }

        if (MailHeaderSafety.HasControl(options.FromName))
        {
            errors.Add($"{S}:FromName must be one line.");
        }

        if (options.PickupDirectory is { } dir && (dir.Trim().Length == 0 || dir.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{S}:PickupDirectory: '{dir}' is not a usable directory path.");
        }

        var smtp = options.Smtp;
        if (smtp.Host is { } host && (host.Length > 0 && Uri.CheckHostName(host.Trim()) == UriHostNameType.Unknown))
        {
            errors.Add($"{S}:Smtp:Host: '{host}' is not a host name or address.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            errors.Add($"{S}:Smtp:Port: {smtp.Port} is not between 1 and 65535.");
        }

        if (smtp.Connections is < 1 or > 64)
        {
            errors.Add($"{S}:Smtp:Connections: {smtp.Connections} is not between 1 and 64.");
        }

        if (smtp.TimeoutSeconds is < 1 or > 600)
        {
            errors.Add($"{S}:Smtp:TimeoutSeconds: {smtp.TimeoutSeconds} is not between 1 and 600.");
        }

        if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add($"{S}:Smtp:Username and {S}:Smtp:Password go together: set both or neither.");
        }

        var graph = options.Graph;
        if (options.Transport == MailTransportKind.Graph)
        {
            foreach (var (key, value) in new[] { ("TenantId", graph.TenantId), ("ClientId", graph.ClientId), ("ClientSecret", graph.ClientSecret), ("Sender", graph.Sender) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{S}:Graph:{key}: required when {S}:Transport is Graph.");
                }
            }
        }

        if (graph.TenantId is { Length: > 0 } tenant && !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            errors.Add($"{S}:Graph:TenantId: '{tenant}' is neither a tenant id nor a domain.");
        }

        foreach (var (key, uri) in new[] { ("Authority", graph.Authority), ("Endpoint", graph.Endpoint) })
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{S}:Graph:{key}: '{uri}' is not an absolute http(s) URL.");
            }
        }

        if (graph.TimeoutSeconds is < 1 or > 600)
        {
            errors.Add($"{S}:Graph:TimeoutSeconds: {graph.TimeoutSeconds} is not between 1 and 600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Values the binder would fail on one at a time are reported here, all together.</summary>
internal sealed class MailConfigurationCheck : IConfigurationCheck
{
    public IEnumerable<string> Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        ConfigurationValidation.CheckEnum<MailTransportKind>(configuration, MailOptions.Section + ":Transport", errors);
        ConfigurationValidation.CheckBool(configuration, MailOptions.Section + ":Smtp:StartTls", errors);
        foreach (var key in new[] { "Smtp:Port", "Smtp:Connections", "Smtp:TimeoutSeconds", "Graph:TimeoutSeconds", "Teams:TimeoutSeconds" })
        {
            var full = (key.StartsWith("Teams", StringComparison.Ordinal) ? "AdvisoryWatch:" : MailOptions.Section + ":") + key;
            if (configuration[full] is { Length: > 0 } value && !int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{full}: '{value}' is not a whole number.");
            }
        }

        foreach (var key in new[] { "Graph:Authority", "Graph:Endpoint" })
        {
            if (configuration[MailOptions.Section + ":" + key] is { Length: > 0 } value && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                errors.Add($"{MailOptions.Section}:{key}: '{value}' is not an absolute URL.");
            }
        }

        return errors;
    }
}
