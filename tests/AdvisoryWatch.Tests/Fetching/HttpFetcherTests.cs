using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AdvisoryWatch.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Tests.Fetching;

[Collection(nameof(ProcessEnvironment))]
public class HttpFetcherTests
{
    private const string Feed = "<rss version=\"2.0\"><channel><title>NSM</title></channel></rss>";

    internal static HttpFetcher Fetcher(TestWebServer? allowed = null, Action<FetchOptions>? configure = null)
    {
        var options = new FetchOptions
        {
            AllowedNetworks = allowed is null ? [] : [$"127.0.0.1:{allowed.Port}"],
            Timeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        return new HttpFetcher(Options.Create(options), TimeProvider.System, NullLogger<HttpFetcher>.Instance);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sends_validators_and_reads_304_as_not_modified()
    {
        string? seenIfNoneMatch = null;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            seenIfNoneMatch = c.Request.Headers.IfNoneMatch;
            if (seenIfNoneMatch == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            c.Response.Headers.ETag = "\"v1\"";
            c.Response.Headers.LastModified = "Tue, 21 Mar 2023 10:00:00 GMT";
            return Results.Text(Feed, "application/rss+xml; charset=utf-8");
        }));
        using var fetcher = Fetcher(server);

        var first = Assert.IsType<FetchOutcome.Content>(await fetcher.FetchAsync(new FetchRequest(server.Url("feed")), Token));
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(new DateTimeOffset(2023, 3, 21, 10, 0, 0, TimeSpan.Zero), first.LastModified);
        Assert.Equal("application/rss+xml", first.MediaType);
        Assert.Equal("utf-8", first.Charset);
        Assert.Equal(Feed, Encoding.UTF8.GetString(first.Body.Span));

        var second = await fetcher.FetchAsync(new FetchRequest(server.Url("feed"), first.ETag, first.LastModified), Token);
        Assert.IsType<FetchOutcome.NotModified>(second);
        Assert.Equal("\"v1\"", seenIfNoneMatch);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Decodes_compressed_bodies(string encoding)
    {
        var compressed = Compress(Encoding.UTF8.GetBytes(Feed), encoding);
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", async (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = encoding;
            await c.Response.Body.WriteAsync(compressed);
        }));
        using var fetcher = Fetcher(server);

        var content = Assert.IsType<FetchOutcome.Content>(await fetcher.FetchAsync(new FetchRequest(server.Url("feed")), Token));
        Assert.Equal(Feed, Encoding.UTF8.GetString(content.Body.Span));
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_decompressed_cap()
    {
        var bomb = Compress(new byte[64 * 1024 * 1024], "gzip");
        Assert.True(bomb.Length < 200_000);
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/bomb", async (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            await c.Response.Body.WriteAsync(bomb);
        }));
        using var fetcher = Fetcher(server, o => o.MaxBytes = 1024 * 1024);
        var before = GC.GetTotalAllocatedBytes();

        var failed = Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("bomb")), Token));

        Assert.Equal(FetchFailure.TooLarge, failed.Reason);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 16 * 1024 * 1024, "memory stays near the cap");
    }

    [Fact]
    public async Task A_body_without_length_over_the_cap_is_refused()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/big", async (HttpContext c) =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64; i++)
            {
                await c.Response.Body.WriteAsync(chunk);
            }
        }));
        using var fetcher = Fetcher(server, o => o.MaxBytes = 1024 * 1024);
        var failed = Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("big")), Token));
        Assert.Equal(FetchFailure.TooLarge, failed.Reason);
    }

    [Fact]
    public async Task A_slowloris_body_is_cut_at_the_deadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(Token);
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], Token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n"u8.ToArray(), Token);
            for (var i = 0; i < 100; i++)
            {
                await stream.WriteAsync("<"u8.ToArray(), Token);
                await Task.Delay(500, Token);
            }
        }, Token);
        using var fetcher = Fetcher(configure: o =>
        {
            o.AllowedNetworks.Add($"127.0.0.1:{port}");
            o.Timeout = TimeSpan.FromSeconds(1.5);
        });

        var watch = Stopwatch.StartNew();
        var failed = Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(new Uri($"http://127.0.0.1:{port}/feed")), Token));

        Assert.Equal(FetchFailure.Timeout, failed.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Follows_at_most_five_redirects_and_detects_loops()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/hop/{n:int}", (int n) => n < 7 ? Results.Redirect($"/hop/{n + 1}") : Results.Text(Feed));
            app.MapGet("/loop/a", () => Results.Redirect("/loop/b"));
            app.MapGet("/loop/b", () => Results.Redirect("/loop/a"));
        });
        using var fetcher = Fetcher(server);

        Assert.IsType<FetchOutcome.Content>(await fetcher.FetchAsync(new FetchRequest(server.Url("hop/2")), Token));
        var tooMany = Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("hop/0")), Token));
        Assert.Equal(FetchFailure.BadRedirect, tooMany.Reason);
        var loop = Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("loop/a")), Token));
        Assert.Equal(FetchFailure.BadRedirect, loop.Reason);
        Assert.Contains("loop", loop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_redirect_is_recorded_not_adopted()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/new", permanent: true));
            app.MapGet("/temp", () => Results.Redirect("/new"));
            app.MapGet("/new", () => Results.Text(Feed));
        });
        using var fetcher = Fetcher(server);

        var moved = await fetcher.FetchAsync(new FetchRequest(server.Url("old")), Token);
        Assert.IsType<FetchOutcome.Content>(moved);
        Assert.Equal(server.Url("new"), moved.PermanentRedirect);
        Assert.Equal(server.Url("new"), moved.FinalUrl);
        Assert.Null((await fetcher.FetchAsync(new FetchRequest(server.Url("temp")), Token)).PermanentRedirect);
    }

    [Fact]
    public async Task Rate_limits_and_gone_pages_are_typed_outcomes()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/429", (HttpContext c) =>
            {
                c.Response.Headers.RetryAfter = "120";
                return Results.StatusCode(429);
            });
            app.MapGet("/503", (HttpContext c) =>
            {
                c.Response.Headers.RetryAfter = TimeProvider.System.GetUtcNow().AddMinutes(10).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(503);
            });
            app.MapGet("/500", () => Results.StatusCode(500));
            app.MapGet("/410", () => Results.StatusCode(410));
        });
        using var fetcher = Fetcher(server);

        var limited = Assert.IsType<FetchOutcome.RateLimited>(await fetcher.FetchAsync(new FetchRequest(server.Url("429")), Token));
        Assert.Equal(TimeSpan.FromSeconds(120), limited.RetryAfter);
        var unavailable = Assert.IsType<FetchOutcome.RateLimited>(await fetcher.FetchAsync(new FetchRequest(server.Url("503")), Token));
        Assert.InRange(unavailable.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Equal(FetchFailure.HttpError, Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("500")), Token)).Reason);
        Assert.Equal(FetchFailure.Gone, Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("410")), Token)).Reason);
        Assert.Equal(FetchFailure.Gone, Assert.IsType<FetchOutcome.Failed>(await fetcher.FetchAsync(new FetchRequest(server.Url("missing")), Token)).Reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://localhost:{0}/")]
    [InlineData("http://0.0.0.0:{0}/")]
    [InlineData("http://2130706433:{0}/")]
    [InlineData("http://0177.0.0.1:{0}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/")]
    public async Task A_loopback_listener_accepts_zero_connections_without_an_allow_list(string template)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var fetcher = Fetcher(configure: o => o.AllowedPorts.Add(port));

        var outcome = await fetcher.FetchAsync(new FetchRequest(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, port))), Token);

        Assert.Equal(FetchFailure.BlockedAddress, Assert.IsType<FetchOutcome.Failed>(outcome).Reason);
        Assert.False(listener.Pending(), "the guard must refuse before connecting");
    }

    [Fact]
    public async Task A_redirect_to_a_blocked_address_is_refused_at_connect_time()
    {
        using var inner = new TcpListener(IPAddress.Loopback, 0);
        inner.Start();
        var innerPort = ((IPEndPoint)inner.LocalEndpoint).Port;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/go", () => Results.Redirect($"http://localhost:{innerPort}/latest/meta-data/")));
        using var fetcher = Fetcher(server, o => o.AllowedPorts.Add(innerPort));

        var outcome = await fetcher.FetchAsync(new FetchRequest(server.Url("go")), Token);

        Assert.Equal(FetchFailure.BlockedAddress, Assert.IsType<FetchOutcome.Failed>(outcome).Reason);
        Assert.False(inner.Pending());
    }

    [Fact]
    public async Task Ports_other_than_80_and_443_are_refused_before_any_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var fetcher = Fetcher();
        var outcome = await fetcher.FetchAsync(new FetchRequest(new Uri($"http://127.0.0.1:{port}/")), Token);
        Assert.Equal(FetchFailure.BlockedUrl, Assert.IsType<FetchOutcome.Failed>(outcome).Reason);
        Assert.False(listener.Pending());
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/x")]
    [InlineData("gopher://example.org/")]
    [InlineData("data:text/plain,hello")]
    [InlineData("javascript:alert(1)")]
    public async Task Only_http_and_https_are_fetched(string url)
    {
        using var fetcher = Fetcher();
        var outcome = await fetcher.FetchAsync(new FetchRequest(new Uri(url)), Token);
        Assert.Equal(FetchFailure.BlockedUrl, Assert.IsType<FetchOutcome.Failed>(outcome).Reason);
    }

    [Fact]
    public async Task A_proxy_in_the_environment_does_not_bypass_the_guard()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var proxyPort = ((IPEndPoint)proxy.LocalEndpoint).Port;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(Feed)));
        using var blocked = new TcpListener(IPAddress.Loopback, 0);
        blocked.Start();
        var blockedPort = ((IPEndPoint)blocked.LocalEndpoint).Port;
        var saved = (Environment.GetEnvironmentVariable("HTTP_PROXY"), Environment.GetEnvironmentVariable("http_proxy"));
        try
        {
            Environment.SetEnvironmentVariable("HTTP_PROXY", $"http://127.0.0.1:{proxyPort}");
            Environment.SetEnvironmentVariable("http_proxy", $"http://127.0.0.1:{proxyPort}");
            using var fetcher = Fetcher(server, o => o.AllowedPorts.Add(blockedPort));

            Assert.IsType<FetchOutcome.Content>(await fetcher.FetchAsync(new FetchRequest(server.Url("feed")), Token));
            var outcome = await fetcher.FetchAsync(new FetchRequest(new Uri($"http://127.0.0.1:{blockedPort}/")), Token);
            Assert.Equal(FetchFailure.BlockedAddress, Assert.IsType<FetchOutcome.Failed>(outcome).Reason);
            Assert.False(proxy.Pending());
            Assert.False(blocked.Pending());
        }
        finally
        {
            Environment.SetEnvironmentVariable("HTTP_PROXY", saved.Item1);
            Environment.SetEnvironmentVariable("http_proxy", saved.Item2);
        }
    }

    [Fact]
    public async Task Sends_an_honest_user_agent()
    {
        string? agent = null;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext c) =>
        {
            agent = c.Request.Headers.UserAgent;
            return Results.Text(Feed);
        }));
        using var fetcher = Fetcher(server);
        await fetcher.FetchAsync(new FetchRequest(server.Url("feed")), Token);
        Assert.StartsWith("AdvisoryWatch/", agent, StringComparison.Ordinal);
        Assert.Contains("+https://", agent, StringComparison.Ordinal);
    }

    internal static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>Tests that change process-wide state (environment variables) run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;
