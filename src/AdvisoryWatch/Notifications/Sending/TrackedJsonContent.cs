using System.Net;
using System.Net.Http.Headers;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>
/// A JSON request body that records when it has been written out in full: a failure after that
/// point may have reached the server (ambiguous); one before it cannot have.
/// </summary>
internal sealed class TrackedJsonContent : HttpContent
{
    private readonly byte[] _json;
    private volatile bool _sent;

    public TrackedJsonContent(byte[] json)
    {
        _json = json;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    public bool Sent => _sent;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_json, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _sent = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _json.Length;
        return true;
    }
}
