using AdvisoryWatch.Polling;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Sources;

/// <summary>
/// The live preview: reads a definition's primary and fallback now, as a poll would, within
/// <see cref="SourcePreviewOptions.Deadline"/>, and saves nothing. The page and the API share it.
/// </summary>
public sealed class SourcePreviewer(SourcePoller poller, IOptions<SourcePreviewOptions> options)
{
    /// <summary>Stands for the id in the security log when the definition has none yet.</summary>
    private const string Unsaved = "(preview)";

    public async Task<SourcePreview> PreviewAsync(SourceDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var deadline = options.Value.Deadline;
        var problems = definition.FieldProblems().Where(p => p.BlocksReading).ToList();
        if (problems.Count > 0)
        {
            return new SourcePreview(problems, [], false, deadline);
        }

        var source = new Source { Id = string.IsNullOrWhiteSpace(definition.Id) ? Unsaved : definition.Id, Name = "", Authority = "", Country = "", Language = "", Url = "" };
        definition.ApplyTo(source);
        var readers = new List<ReaderPreview>();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(deadline);
        try
        {
            readers.Add(await poller.PreviewAsync(source, SourceReader.Primary(source), timer.Token));
            if (SourceReader.Fallback(source) is { } fallback)
            {
                readers.Add(await poller.PreviewAsync(source, fallback, timer.Token));
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SourcePreview([], readers, true, deadline);
        }

        return new SourcePreview([], readers, false, deadline);
    }
}
