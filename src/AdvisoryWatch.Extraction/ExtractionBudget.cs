namespace AdvisoryWatch.Extraction;

/// <summary>
/// Runs one document's reading within <see cref="ExtractionLimits.TimeBudget"/>: the reading sees a
/// token that fires when the budget is spent (or the caller gives up) and stops at its next check;
/// a spent budget becomes the typed failure <c>over-budget</c>, a caller giving up stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ExtractionBudget
{
    public const string OverBudget = "over-budget";

    public static ExtractionResult<T> Run<T>(ExtractionContext context, Func<ExtractionContext, ExtractionResult<T>> read)
        where T : class
    {
        var budget = context.Limits.TimeBudget;
        using var spent = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        if (budget != Timeout.InfiniteTimeSpan)
        {
            spent.CancelAfter(budget);
        }

        try
        {
            spent.Token.ThrowIfCancellationRequested();
            return read(context with { Cancellation = spent.Token });
        }
        catch (OperationCanceledException) when (!context.Cancellation.IsCancellationRequested && spent.IsCancellationRequested)
        {
            return ExtractionResult<T>.Failure(OverBudget, $"reading the document took longer than its budget of {budget.TotalSeconds:0.###} s and was abandoned");
        }
    }
}
