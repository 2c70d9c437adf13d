using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>One request as the stub saw it.</summary>
/// <param name="Headers">Every request header, the last value of each.</param>
public sealed record StubRequest(string Method, string Path, string? Authorization, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Plays Microsoft Graph, the identity platform or a Teams webhook on a loopback port: every
/// request is recorded, and the handler the test gives decides the answer.
/// </summary>
public sealed class HttpStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpStub(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public static async Task<HttpStub> StartAsync(Func<StubRequest, HttpResponse, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new HttpStub(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new StubRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
                context.Request.ContentType ?? "",
                await reader.ReadToEndAsync(context.RequestAborted),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            stub.Requests.Enqueue(request);
            await answer(request, context.Response);
        });
        await app.StartAsync();
        stub.BaseUrl = new Uri(app.Urls.First() + "/");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
