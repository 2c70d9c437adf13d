namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>An <see cref="IHttpClientFactory"/> for a transport built by hand: a new default client each time.</summary>
public sealed class PlainHttpClients : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = Timeout.InfiniteTimeSpan };
}
