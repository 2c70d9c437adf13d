namespace AdvisoryWatch.Notifications.Rendering;

// INTERIM: replaced by the localised renderer; exists so delivery can be built and tested first.
public sealed class MessageRenderer
{
    public RenderedMessage RenderAlert(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var subject = ("[AdvisoryWatch] " + model.Item.SourceName + ": " + model.Item.Title).Replace('\r', ' ').Replace('\n', ' ');
        var text = model.Item.Title + "\n" + model.Item.Url + "\n" + model.Item.Summary + "\n" + model.Item.AcknowledgeUrl + "\n" + model.UnsubscribeUrl;
        return new RenderedMessage(subject, text, "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>");
    }

    public RenderedMessage RenderDigest(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = string.Join("\n", model.Items.Select(i => i.Title));
        return new RenderedMessage("[AdvisoryWatch] " + model.DepartmentName + ": " + model.Items.Count, text, "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>");
    }

    public TeamsMessage RenderTeams(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new TeamsMessage(model.Item.Title, model.Item.Summary ?? "", model.Item.Url, "Open", model.Item.Severity, []);
    }
}

public static class InterimRendering
{
    public static IServiceCollection AddMessageRendering(this IServiceCollection services) => services.AddSingleton<MessageRenderer>();
}
