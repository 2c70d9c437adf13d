using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Changes.Pages;

/// <summary>The advisories pages' texts (<c>AdvisoriesText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>), and the keys of the states they name.</summary>
public sealed class AdvisoriesText
{
    /// <summary>The text key of a follow-up state, given as the API writes it (<c>to-assess</c>).</summary>
    public static string StateKey(string state) => KebabNames.Parse<AssessmentState>(state) is { } s ? StateKey(s) : "State_Unknown";

    public static string StateKey(AssessmentState state) => "State_" + state;
}
