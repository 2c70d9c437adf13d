using System.ComponentModel.DataAnnotations;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary><c>AdvisoryWatch:Extraction:*</c>: what reading one document may cost, and all reads at once.</summary>
public sealed class ExtractionOptions
{
    public const string Section = "AdvisoryWatch:Extraction";

    /// <summary>Deepest element nesting read; a deeper page or feed fails with <c>too-deep</c>.</summary>
    [Range(16, 4_096)]
    public int MaxDepth { get; set; } = ExtractionLimits.Default.MaxDepth;

    /// <summary>Longest one document may take to read; a slower read is abandoned with <c>over-budget</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TimeBudget { get; set; } = ExtractionLimits.Default.TimeBudget;

    /// <summary>
    /// Memory, in MiB, that the reads running at once in one process may be estimated to take; a read
    /// that would go over waits for others to finish. A document larger than the whole budget is
    /// read alone.
    /// </summary>
    [Range(16, 65_536)]
    public int MemoryBudgetMegabytes { get; set; } = 512;

    /// <summary>The limits each read runs with (a method, so that configuration does not see it as a section).</summary>
    public ExtractionLimits ToLimits() => ExtractionLimits.Default with { MaxDepth = MaxDepth, TimeBudget = TimeBudget };
}
