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

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP, never upgraded: a relay on the same machine or a trusted network.</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it is not used (submission, port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, RFC 8314; port 465).</summary>
    SslOnConnect,
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

    public DkimSettings Dkim { get; set; } = new();

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

        public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

        /// <summary>
        /// Accept any server certificate. Only for a test relay with a self-made certificate: it
        /// gives up what TLS is for, so it is logged as a warning at start-up.
        /// </summary>
        public bool AllowInvalidCertificate { get; set; }

        /// <summary>The login, or with <see cref="OAuth2"/> the mailbox the token is for.</summary>
        public string? Username { get; set; }

        /// <summary>A secret: never logged.</summary>
        public string? Password { get; set; }

        public OAuth2Settings OAuth2 { get; set; } = new();

        /// <summary>Connections used in parallel, each kept open between messages.</summary>
        public int Connections { get; set; } = 8;

        /// <summary>One deadline for a whole message: connect, dialogue, data and the final reply.</summary>
        public int TimeoutSeconds { get; set; } = 60;
    }

    /// <summary>SASL XOAUTH2 with a client-credentials token (Exchange Online's SMTP submission).</summary>
    public sealed class OAuth2Settings
    {
        /// <summary>The token endpoint, e.g. <c>https://login.microsoftonline.com/&lt;tenant&gt;/oauth2/v2.0/token</c>.</summary>
        public Uri? TokenEndpoint { get; set; }

        public string? ClientId { get; set; }

        /// <summary>A secret: never logged.</summary>
        public string? ClientSecret { get; set; }

        public string Scope { get; set; } = "https://outlook.office365.com/.default";

        public bool Enabled => TokenEndpoint is not null || !string.IsNullOrEmpty(ClientId) || !string.IsNullOrEmpty(ClientSecret);
    }

    /// <summary>DKIM signing (RFC 6376) with the domain's own key, so mail can be signed from a municipality's domain.</summary>
    public sealed class DkimSettings
    {
        /// <summary>The signing domain (<c>d=</c>), normally the From address's domain.</summary>
        public string? Domain { get; set; }

        /// <summary>The selector (<c>s=</c>): the public key is published at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</summary>
        public string? Selector { get; set; }

        /// <summary>The RSA private key, PEM. A secret: its path is logged, never its content.</summary>
        public string? PrivateKeyFile { get; set; }

        public bool Enabled => !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyFile);
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
        if (!MailAddresses.IsOne(options.From))
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

        var oauth = smtp.OAuth2;
        if (oauth.Enabled)
        {
            if (oauth.TokenEndpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{S}:Smtp:OAuth2:TokenEndpoint: required as an absolute http(s) URL when OAuth2 is configured.");
            }

            foreach (var (key, value) in new[] { ("ClientId", oauth.ClientId), ("ClientSecret", oauth.ClientSecret), ("Scope", oauth.Scope) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{S}:Smtp:OAuth2:{key}: required when OAuth2 is configured.");
                }
            }

            if (string.IsNullOrWhiteSpace(smtp.Username))
            {
                errors.Add($"{S}:Smtp:Username: required with OAuth2 (the mailbox the token sends as).");
            }

            if (!string.IsNullOrEmpty(smtp.Password))
            {
                errors.Add($"{S}:Smtp:Password: not used with OAuth2; set one or the other.");
            }
        }
        else if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
        {
            errors.Add($"{S}:Smtp:Username and {S}:Smtp:Password go together: set both or neither.");
        }

        ValidateDkim(options.Dkim, errors);

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

    private static void ValidateDkim(MailOptions.DkimSettings dkim, List<string> errors)
    {
        if (!dkim.Enabled)
        {
            return;
        }

        var before = errors.Count;
        foreach (var (key, value) in new[] { ("Domain", dkim.Domain), ("Selector", dkim.Selector), ("PrivateKeyFile", dkim.PrivateKeyFile) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{S}:Dkim:{key}: required when DKIM signing is configured (Domain, Selector and PrivateKeyFile go together).");
            }
        }

        if (dkim.Domain is { Length: > 0 } domain && Uri.CheckHostName(domain.Trim()) != UriHostNameType.Dns)
        {
            errors.Add($"{S}:Dkim:Domain: '{domain}' is not a domain name.");
        }

        if (dkim.Selector is { Length: > 0 } selector && !selector.Trim().Split('.').All(l => l.Length > 0 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add($"{S}:Dkim:Selector: '{selector}' is not a selector (letters, digits, '-' and '.').");
        }

        if (errors.Count > before)
        {
            return;
        }

        try
        {
            _ = MimeMailFactory.CreateSigner(dkim);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidCastException)
        {
            // The message names the problem (missing file, not a PEM private key), never the key itself.
            errors.Add($"{S}:Dkim:PrivateKeyFile: '{dkim.PrivateKeyFile}' cannot be read as a PEM private key ({e.GetType().Name}: {e.Message}).");
        }
    }
}

/// <summary>Values the binder would fail on one at a time are reported here, all together.</summary>
internal sealed class MailConfigurationCheck : IConfigurationCheck
{
    public IEnumerable<string> Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        ConfigurationValidation.CheckEnum<MailTransportKind>(configuration, MailOptions.Section + ":Transport", errors);
        ConfigurationValidation.CheckEnum<SmtpSecurity>(configuration, MailOptions.Section + ":Smtp:Security", errors);
        ConfigurationValidation.CheckBool(configuration, MailOptions.Section + ":Smtp:AllowInvalidCertificate", errors);
        foreach (var key in new[] { "Smtp:Port", "Smtp:Connections", "Smtp:TimeoutSeconds", "Graph:TimeoutSeconds", "Teams:TimeoutSeconds" })
        {
            var full = (key.StartsWith("Teams", StringComparison.Ordinal) ? "AdvisoryWatch:" : MailOptions.Section + ":") + key;
            if (configuration[full] is { Length: > 0 } value && !int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{full}: '{value}' is not a whole number.");
            }
        }

        foreach (var key in new[] { "Graph:Authority", "Graph:Endpoint", "Smtp:OAuth2:TokenEndpoint" })
        {
            if (configuration[MailOptions.Section + ":" + key] is { Length: > 0 } value && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                errors.Add($"{MailOptions.Section}:{key}: '{value}' is not an absolute URL.");
            }
        }

        return errors;
    }
}
