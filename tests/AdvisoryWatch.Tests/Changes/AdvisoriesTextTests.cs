using System.Xml.Linq;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Changes.Pages;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;
using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Tests.Changes;

/// <summary>Every enum value the advisories pages show has its text (the page asks for it by a computed key, which PageTextTests cannot see).</summary>
public sealed class AdvisoriesTextTests
{
    [Fact]
    public void Every_value_the_pages_name_has_a_text()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "src", "AdvisoryWatch", "Changes", "Pages", "AdvisoriesText.resx");
        var keys = XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> Of<T>()
            where T : struct, Enum => Enum.GetValues<T>().Select(AdvisoriesText.Key);
        string[] shown =
        [
            .. Of<Severity>(), .. Of<ChangeKind>(), .. Of<ItemKind>(), .. Of<DeliveryMode>(), .. Of<DeliveryState>(),
            .. Of<RecipientChannel>(), .. Of<FollowUpFilter>(), .. Of<AssessmentState>(), AdvisoriesText.StateKey("no-such-state"),
        ];
        Assert.Empty(shown.Except(keys, StringComparer.Ordinal));
        Assert.Equal("AssessmentState_ActionNeeded", AdvisoriesText.StateKey("action-needed"));
    }
}
