using System.CommandLine;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Fetching;
using AdvisoryWatch.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Parsing;

/// <summary>
/// <c>advisorywatch parse</c>: what the extraction engine makes of a file or URL, so an admin can
/// tune a source's parser and see the result at once.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("file-or-url") { Description = "A local file, or an http(s) URL fetched with the same limits polling uses" };
        var kind = new Option<string>("--kind") { Description = "feed, html-list or page (default: the source's kind, else feed)" };
        kind.AcceptOnlyFromAmong("feed", "html-list", "page");
        var source = new Option<string>("--source") { Description = "Use the parser settings of this catalogue source (seeds/sources.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var item = new Option<string>("--item") { Description = "html-list: CSS selector of one item" };
        var title = new Option<string>("--title") { Description = "html-list: selector of the title within an item" };
        var link = new Option<string>("--link") { Description = "html-list: selector of the link within an item" };
        var date = new Option<string>("--date") { Description = "html-list: selector of the date within an item" };
        var dateFormat = new Option<string>("--date-format") { Description = "html-list: .NET date format, e.g. 'd MMMM yyyy'" };
        var dateCulture = new Option<string>("--date-culture") { Description = "html-list: language of month names: nb, sv, da, fi, en" };
        var summary = new Option<string>("--summary") { Description = "html-list: selector of the summary within an item" };
        var nextPage = new Option<string>("--next-page") { Description = "html-list: selector of the next-page link" };
        var content = new Option<string>("--content") { Description = "page: selector of the watched content (default main, article, body)" };
        var exclude = new Option<string[]>("--exclude") { Description = "html-list: items to skip; page: parts to leave out (repeatable)", AllowMultipleArgumentsPerToken = false };
        var baseUrl = new Option<string>("--base") { Description = "For a local file: the URL it was saved from, to resolve relative links" };
        var allow = new Option<string[]>("--allow-network") { Description = "CIDR or host[:port] allowed despite the private-address guard (repeatable)" };
        var maxBytes = new Option<long?>("--max-bytes") { Description = "For a local file: refuse it when larger than this many bytes (default: no limit; a URL keeps the polling limits)" };
        var maxItems = new Option<int?>("--max-items") { Description = "For a local file: read at most this many items (default: all; a URL keeps the polling limits)" };

        var command = new Command("parse", "Show what AdvisoryWatch extracts from a feed, an HTML list or a watched page")
        {
            input, kind, source, json, item, title, link, date, dateFormat, dateCulture, summary, nextPage, content, exclude, baseUrl, allow, maxBytes, maxItems,
        };
        maxBytes.Validators.Add(r => r.AddErrorIfNotPositive(r.GetValue(maxBytes), "--max-bytes"));
        maxItems.Validators.Add(r => r.AddErrorIfNotPositive(r.GetValue(maxItems), "--max-items"));

        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new ParseRequest(
                result.GetValue(input)!,
                result.GetValue(kind),
                result.GetValue(source),
                result.GetValue(json),
                new SelectorOverrides(
                    result.GetValue(item),
                    result.GetValue(title),
                    result.GetValue(link),
                    result.GetValue(date),
                    result.GetValue(dateFormat),
                    result.GetValue(dateCulture),
                    result.GetValue(summary),
                    result.GetValue(nextPage),
                    result.GetValue(content),
                    result.GetValue(exclude) ?? []),
                result.GetValue(allow) ?? [],
                result.GetValue(baseUrl),
                result.GetValue(maxBytes),
                result.GetValue(maxItems));
            await using var stdout = Console.OpenStandardOutput();
            return await RunAsync(request, stdout, Console.Error, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ParseRequest request, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var outcome = await ExecuteAsync(request, cancellationToken);
        if (outcome.Error is { } error)
        {
            // One line, nothing on stdout: scripts can rely on the exit code and the shape.
            await stderr.WriteLineAsync("advisorywatch parse: " + error.ReplaceLineEndings(" "));
            return 2;
        }

        if (request.Json)
        {
            await ParseOutput.WriteJsonAsync(outcome.Feed!, stdout, cancellationToken);
        }
        else
        {
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(ParseOutput.Table(outcome.Feed!)), cancellationToken);
        }

        await stdout.FlushAsync(cancellationToken);
        return 0;
    }

    private static async Task<(ExtractedFeed? Feed, string? Error)> ExecuteAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        Source? definition = null;
        if (request.SourceId is { } id)
        {
            // The catalogue shipped with this build: parse needs no database, so an admin can tune
            // selectors before a source exists anywhere.
            var catalogue = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds());
            var entry = catalogue.Sources.FirstOrDefault(s => s.Id == id);
            if (entry is null)
            {
                return (null, $"no source '{id}' in the seed catalogue");
            }

            definition = new Source { Id = entry.Id, Name = entry.Name, Authority = entry.Authority, Country = entry.Country, Language = entry.Language, Url = entry.Url };
            entry.ApplyTo(definition);
        }

        var kind = request.Kind switch
        {
            "html-list" => SourceKind.HtmlList,
            "page" => SourceKind.Page,
            "feed" => SourceKind.Feed,
            _ => definition?.Kind ?? SourceKind.Feed,
        };
        var parser = ParserSettings.For(kind, definition, request.Selectors);
        if (parser.Error is { } settingsError)
        {
            return (null, settingsError);
        }

        // A local file needs no fetcher: configuration binding and an HTTP client are start-up
        // cost only a URL (and the next pages of an HTML list fetched from one) pays.
        HttpFetcher? fetcher = null;
        if (AsWebUrl(request.Input) is not null)
        {
            fetcher = CreateFetcher(request.AllowedNetworks, out var optionsError);
            if (optionsError is not null)
            {
                return (null, optionsError);
            }
        }

        using (fetcher)
        {
            var document = fetcher is null ? await LoadFileAsync(request.Input, request.MaxBytes, cancellationToken) : await FetchAsync(AsWebUrl(request.Input)!, fetcher, cancellationToken);
            if (document.Error is { } loadError)
            {
                return (null, loadError);
            }

            // A local file's links are resolved against --base alone: the file's own path is no
            // base for the web links of the feed saved in it.
            Uri? documentUri = document.Url;
            if (documentUri is null && request.BaseUrl is not null && !Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out documentUri))
            {
                return (null, $"--base '{request.BaseUrl}' is not an absolute URL");
            }

            var context = new ExtractionContext(documentUri, document.Charset)
            {
                Limits = document.Url is null ? LocalFileLimits(request) : ExtractionLimits.Default,
                UrlNormalization = definition is { StripQueryPrefixes.Count: > 0 }
                    ? UrlNormalizationOptions.Default with { StripQueryPrefixes = [.. UrlNormalizationOptions.Default.StripQueryPrefixes, .. definition.StripQueryPrefixes] }
                    : UrlNormalizationOptions.Default,
            };
            var extracted = await SourceExtractor.ExtractAsync(kind, parser, document.Body, context, fetcher, cancellationToken);
            return extracted.Succeeded ? (extracted.Value, null) : (null, $"{extracted.Error.Code}: {extracted.Error.Message}");
        }
    }

    private static Uri? AsWebUrl(string input) =>
        Uri.TryCreate(input, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;

    private static HttpFetcher? CreateFetcher(IReadOnlyList<string> allowed, out string? error)
    {
        // The same configuration sources as `run` (appsettings, environment), plus the command line.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new FetchOptions();
        configuration.GetSection(FetchOptions.Section).Bind(options);
        options.AllowedNetworks.AddRange(allowed);
        var validation = new FetchOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            error = validation.FailureMessage;
            return null;
        }

        error = null;
        return new HttpFetcher(Options.Create(options), TimeProvider.System, NullLogger<HttpFetcher>.Instance);
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// A local file is not a polled source: an admin who points parse at a large export wants all of
    /// it, so there is no size, item or time cap unless asked for. Depth stays capped: it guards the
    /// parser, not the polling.
    /// </summary>
    private static ExtractionLimits LocalFileLimits(ParseRequest request) => ExtractionLimits.Default with
    {
        MaxDocumentBytes = request.MaxBytes ?? long.MaxValue,
        MaxItems = request.MaxItems ?? int.MaxValue,
        MaxTextLength = int.MaxValue,
        TimeBudget = Timeout.InfiniteTimeSpan,
    };

    private static void AddErrorIfNotPositive<T>(this System.CommandLine.Parsing.OptionResult result, T? value, string name)
        where T : struct, System.Numerics.INumber<T>
    {
        if (value is { } v && v <= T.Zero)
        {
            result.AddError($"{name} must be a positive number");
        }
    }

    private static async Task<(ReadOnlyMemory<byte> Body, Uri? Url, string? Charset, string? Error)> FetchAsync(Uri url, HttpFetcher fetcher, CancellationToken cancellationToken)
    {
        var outcome = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken);
        return outcome switch
        {
            FetchOutcome.Content c => (c.Body, c.FinalUrl, c.Charset, null),
            FetchOutcome.Failed f => (default, null, null, $"fetch-{Kebab(f.Reason.ToString())}: {f.Message} ({f.FinalUrl})"),
            FetchOutcome.RateLimited r => (default, null, null, $"fetch-rate-limited: HTTP {r.StatusCode}, retry after {r.RetryAfter?.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s ({r.FinalUrl})"),
            _ => (default, null, null, $"fetch: unexpected answer ({outcome.GetType().Name})"),
        };
    }

    private static async Task<(ReadOnlyMemory<byte> Body, Uri? Url, string? Charset, string? Error)> LoadFileAsync(string input, long? maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileInfo(input);
        if (!file.Exists)
        {
            return (default, null, null, $"no such file: {input}");
        }

        if (file.Length > maxBytes)
        {
            return (default, null, null, $"too-large: {input} is {file.Length:N0} bytes; --max-bytes is {maxBytes:N0}");
        }

        return (await File.ReadAllBytesAsync(file.FullName, cancellationToken), null, null, null);
    }
}

/// <summary>What the admin asked <c>parse</c> to do.</summary>
internal sealed record ParseRequest(string Input, string? Kind, string? SourceId, bool Json, SelectorOverrides Selectors, IReadOnlyList<string> AllowedNetworks, string? BaseUrl = null, long? MaxBytes = null, int? MaxItems = null);

/// <summary>Selectors given on the command line; they win over the catalogue source's.</summary>
internal sealed record SelectorOverrides(
    string? Item,
    string? Title,
    string? Link,
    string? Date,
    string? DateFormat,
    string? DateCulture,
    string? Summary,
    string? NextPage,
    string? Content,
    IReadOnlyList<string> Exclude);
