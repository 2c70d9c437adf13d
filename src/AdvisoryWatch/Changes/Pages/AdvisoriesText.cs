using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Changes.Pages;

/// <summary>
/// The advisories pages' texts (<c>AdvisoriesText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).
/// An enum value shown to people is the text <c>TypeName_Value</c> (<see cref="Key{T}(T)"/>).
/// </summary>
public sealed class AdvisoriesText
{
    /// <summary>The text key of an enum value: <c>Severity_Urgent</c>, <c>AssessmentState_ToAssess</c>.</summary>
    public static string Key<T>(T value)
        where T : struct, Enum => $"{typeof(T).Name}_{value}";

    /// <summary>The text key of a follow-up state as the API writes it (<c>to-assess</c>).</summary>
    public static string StateKey(string state) => KebabNames.Parse<AssessmentState>(state) is { } s ? Key(s) : "AssessmentState_Unknown";
}
