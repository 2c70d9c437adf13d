namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>One message as the SMTP server received it.</summary>
public sealed record SinkMessage(string File, IReadOnlyList<string> EnvelopeTo, IReadOnlyList<KeyValuePair<string, string>> Headers, string Raw)
{
    public IEnumerable<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => All(name).FirstOrDefault();
}

/// <summary>Reads what the test command's SMTP server received, for the addresses one test owns.</summary>
public static class MailSink
{
    public static IReadOnlyList<SinkMessage> For(params string[] addresses)
    {
        var dir = TestServices.SmtpMailDirectory;
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var wanted = new HashSet<string>(addresses, StringComparer.OrdinalIgnoreCase);
        var found = new List<SinkMessage>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = Read(file);
            if (message.EnvelopeTo.Any(wanted.Contains))
            {
                found.Add(message);
            }
        }

        return found;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages reached these addresses.</summary>
    public static async Task<IReadOnlyList<SinkMessage>> WaitForAsync(int count, params string[] addresses)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var found = For(addresses);
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{count} messages did not reach {string.Join(", ", addresses)} within 30 s (got {For(addresses).Count})");
    }

    public static SinkMessage Read(string file)
    {
        var raw = File.ReadAllText(file);
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                // Unfolded as RFC 5322 says (the line break goes, the blank stays), then trimmed: MimeKit
                // folds a long value such as List-Unsubscribe right after the colon.
                headers[^1] = new(last.Key, (last.Value + line).Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
            }
        }

        var envelope = headers.Where(h => h.Key == "X-Envelope-To").Select(h => h.Value).ToList();
        return new SinkMessage(file, envelope, headers, raw);
    }
}
