using System.Globalization;
using System.Threading.RateLimiting;
using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.Feeds.Pages;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Topics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Feeds;

/// <summary>
/// Atom feeds of advisories per department and per topic for feed readers, which cannot sign in:
/// the address carries a revocable <see cref="FeedToken"/>.
/// </summary>
public static class FeedsFeature
{
    /// <summary>The rate-limit policy of the feed addresses: per client address.</summary>
    public const string RateLimitPolicy = "feeds";

    /// <summary>How many advisories a department feed looks through for its subscriptions' matches before it stops.</summary>
    private const int MaxScanned = 5000;

    private const int ScanBatch = 500;

    public static WebApplicationBuilder AddFeeds(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FeedsOptions>()
            .BindSection(FeedsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<FeedTokens>();
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, AddressPolicy>(RateLimitPolicy));
        builder.Services.AddNavigation(new NavigationEntry("/account/feeds", typeof(FeedsText), "MenuFeeds", AccessRole.Reader, 15, NavigationArea.Account));
        return builder;
    }

    /// <summary><c>GET /feeds/{token}/department/{department}.atom</c> and <c>GET /feeds/{token}/topic/{topic}.atom</c>.</summary>
    public static WebApplication MapFeeds(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Public: the token is the credential (like the links in mail); not part of the API document.
        var feeds = app.MapGroup("/feeds").AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimitPolicy);
        feeds.MapGet("/{token}/department/{department}.atom", (string token, string department, HttpContext context, CancellationToken ct) =>
            ServeAsync(context, token, FeedKind.Department, department, ct));
        feeds.MapGet("/{token}/topic/{topic}.atom", (string token, string topic, HttpContext context, CancellationToken ct) =>
            ServeAsync(context, token, FeedKind.Topic, topic, ct));
        return app;
    }

    /// <summary>The feed's address for a token (the token is its only secret part).</summary>
    public static Uri Address(NotificationsOptions options, string token, FeedKind kind, string target)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Link($"feeds/{Uri.EscapeDataString(token)}/{(kind == FeedKind.Department ? "department" : "topic")}/{Uri.EscapeDataString(target)}.atom");
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string token, FeedKind kind, string target, CancellationToken ct)
    {
        var services = context.RequestServices;
        var grant = await services.GetRequiredService<FeedTokens>().CheckAsync(token, kind, target, ct);
        var rules = services.GetRequiredService<TopicRules>();
        var db = services.GetRequiredService<AdvisoryWatchDbContext>();
        var links = services.GetRequiredService<IOptions<NotificationsOptions>>().Value;
        var max = services.GetRequiredService<IOptions<FeedsOptions>>().Value.MaxEntries;

        // One answer for every refusal: nothing tells a guesser which part was wrong.
        var notFound = Results.Text("No such feed.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        if (grant is null)
        {
            return notFound;
        }

        string title;
        string language;
        Uri alternate;
        List<Advisory> advisories;
        if (kind == FeedKind.Department)
        {
            var department = await db.Set<Department>().AsNoTracking().Include(d => d.Subscriptions).SingleOrDefaultAsync(d => d.Id == target, ct);
            if (department is null)
            {
                return notFound;
            }

            title = "AdvisoryWatch: " + department.Name;
            language = department.Language;
            alternate = links.Link("departments/" + Uri.EscapeDataString(department.Id));
            advisories = await SubscribedAsync(db, department, rules, max, ct);
        }
        else
        {
            if (rules.Current.Resolve(target) is not { } topic)
            {
                return notFound;
            }

            language = "en";
            title = "AdvisoryWatch: " + rules.DisplayName(topic, language);
            alternate = links.Link("advisories?topic=" + Uri.EscapeDataString(topic));
            advisories = await db.Set<Advisory>().AsNoTracking().Tagged(topic, rules.Current)
                .OrderByDescending(a => a.LastChangedAtUtc).ThenBy(a => a.Id).Take(max).ToListAsync(ct);
        }

        var entries = advisories.Select(a => new AtomEntry(
            a.Id,
            a.Title,
            a.Url,
            a.Summary is { Length: > 0 } summary ? summary : a.ContentHtml is { Length: > 0 } html ? HtmlSanitizer.ToPlainText(html) : null,
            [.. a.Topics.Select(t => (t, rules.DisplayName(t, language)))],
            a.Severity,
            a.PublishedAtUtc,
            a.LastChangedAtUtc,
            a.CurrentVersion)).ToList();
        var etag = AtomFeed.ETag($"{kind}:{target}:{language}", entries);
        var updated = AtomFeed.Updated(entries);
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.LastModified = updated.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "private, no-cache";
        if (NotModified(context.Request, etag, updated))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var document = AtomFeed.Build(alternate, title, language, alternate, entries, id => links.Link("advisories/" + id.ToString("D", CultureInfo.InvariantCulture)));
        return Results.Bytes(AtomFeed.Write(document), "application/atom+xml; charset=utf-8");
    }

    /// <summary>If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).</summary>
    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset updated)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } tags)
        {
            return tags.Any(t => t.Tag == "*" || string.Equals(t.Tag.Value, etag, StringComparison.Ordinal));
        }

        // Last-Modified has whole seconds.
        return headers.IfModifiedSince is { } since && updated.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>The newest advisories any of the department's subscriptions match, as its notifications would.</summary>
    private static async Task<List<Advisory>> SubscribedAsync(AdvisoryWatchDbContext db, Department department, TopicRules rules, int max, CancellationToken ct)
    {
        var found = new List<Guid>();
        if (department.Subscriptions.Count == 0)
        {
            return [];
        }

        string Resolve(string t) => rules.Current.Resolve(t) ?? t;
        for (var skip = 0; skip < MaxScanned && found.Count < max; skip += ScanBatch)
        {
            var batch = await db.Set<Advisory>().AsNoTracking()
                .OrderByDescending(a => a.LastChangedAtUtc).ThenBy(a => a.Id)
                .Skip(skip).Take(ScanBatch)
                .Select(a => new { a.Id, a.SourceId, a.Topics, a.Severity })
                .ToListAsync(ct);
            found.AddRange(batch.Where(a => department.Subscriptions.Exists(s => s.Matches(a.SourceId, a.Topics, a.Severity, Resolve))).Select(a => a.Id).Take(max - found.Count));
            if (batch.Count < ScanBatch)
            {
                break;
            }
        }

        var rows = await db.Set<Advisory>().AsNoTracking().Where(a => found.Contains(a.Id)).ToListAsync(ct);
        return [.. rows.OrderByDescending(a => a.LastChangedAtUtc).ThenBy(a => a.Id)];
    }

    /// <summary>A fixed window per client address: a feed reader polls a few times an hour; a guesser gets 429s.</summary>
    private sealed class AddressPolicy(IOptions<FeedsOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            {
                response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return ValueTask.CompletedTask;
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(
                httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RateLimit, Window = options.Value.RateLimitWindow, QueueLimit = 0 });
    }
}
