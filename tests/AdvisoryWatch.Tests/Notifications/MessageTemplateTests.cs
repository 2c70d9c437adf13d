using System.Text.RegularExpressions;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.Tests.Notifications;

/// <summary>The template files: what an operator's folder can change, and what it can never turn off.</summary>
public sealed class MessageTemplateTests : IDisposable
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "advisorywatch-templates", Guid.NewGuid().ToString("N"));

    public MessageTemplateTests() => Directory.CreateDirectory(_folder);

    private static AlertModel Alert(string title = "Patch the VPN now", string? url = "https://nsm.no/a/1", string summary = "Exploited.") =>
        new("nb", Oslo, "IT-avdelingen", new AlertItem(Guid.Empty, ChangeKind.Published, "NSM", title, url is null ? null : new Uri(url), summary, Severity.Urgent,
            ["Sky"], null, new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), new Uri("https://aw.example/ack/1")), new Uri("https://aw.example/u/1"));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private TemplateException Refused() => Assert.Throws<TemplateException>(() => MessageTemplates.Load(_folder));

    [Fact]
    public void An_operator_template_replaces_only_its_namesake_and_the_rest_stay_built_in()
    {
        Write("_footer.txt", "\n-- \nSendt av kommunens IT-sikkerhet.\n{{#unsubscribeUrl}}\nAvmeld: {{unsubscribeUrl}}\n{{/unsubscribeUrl}}\n");
        var custom = new MessageRenderer(MessageTemplates.Load(_folder)).RenderAlert(Alert());
        var builtin = new MessageRenderer().RenderAlert(Alert());

        Assert.EndsWith("\n-- \nSendt av kommunens IT-sikkerhet.\nAvmeld: https://aw.example/u/1\n", custom.TextBody, StringComparison.Ordinal);
        Assert.Equal(builtin.TextBody[..builtin.TextBody.IndexOf("\n-- \n", StringComparison.Ordinal)], custom.TextBody[..custom.TextBody.IndexOf("\n-- \n", StringComparison.Ordinal)]);
        Assert.Equal(builtin.HtmlBody, custom.HtmlBody);
        Assert.Equal(builtin.Subject, custom.Subject);
    }

    [Fact]
    public void Hostile_text_is_encoded_wherever_an_operator_template_puts_it()
    {
        Write("alert.html", "<p title=\"{{title}}\" data-x='{{summary}}'>{{title}}</p>{{#url}}<a href=\"{{url}}\">x</a>{{/url}}\n");
        var renderer = new MessageRenderer(MessageTemplates.Load(_folder));

        var html = renderer.RenderAlert(Alert(title: "\"><script>alert(1)</script>\r\nBcc: x", summary: "' onmouseover='alert(2)", url: "https://x.example/?a=\"b\"&c=<d>")).HtmlBody;

        Assert.Equal(
            "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x\" data-x='&#x27; onmouseover=&#x27;alert(2)'>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x</p>"
            + "<a href=\"https://x.example/?a=%22b%22&amp;c=%3Cd%3E\">x</a>\n",
            html);
        Assert.DoesNotContain("javascript", renderer.RenderAlert(Alert(url: "javascript:alert(1)")).HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<p>{{{title}}}</p>")]
    [InlineData("<p>{{&title}}</p>")]
    public void A_template_cannot_write_a_value_unencoded(string template)
    {
        var path = Write("alert.html", template);

        Assert.Contains(path + " line 1, column 4: there is no raw output", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_is_refused_with_its_file_line_and_the_names_known_there()
    {
        var path = Write("digest.txt", "{{digestHeading}}\n{{#severities}}\n{{#sources}}\n  {{titel}}\n{{/sources}}\n{{/severities}}\n");

        var message = Refused().Message;

        Assert.Contains(path + " line 4, column 3: unknown name 'titel' in a source group; the names here are ", message, StringComparison.Ordinal);
        Assert.Contains("items", message, StringComparison.Ordinal);
        Assert.Contains("severityLabel", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{#summary}}\n{{summary}}\n", "line 1, column 1: {{#summary}} is never closed with {{/summary}}")]
    [InlineData("{{#summary}}{{/url}}", "line 1, column 13: {{/url}} closes {{#summary}} of line 1")]
    [InlineData("x\n{{/summary}}", "line 2, column 1: {{/summary}} closes nothing")]
    [InlineData("{{diffLines}}", "line 1, column 1: 'diffLines' is a list: repeat it with {{#diffLines}}…{{/diffLines}}")]
    [InlineData("{{titleChanged}}", "line 1, column 1: 'titleChanged' is a yes/no condition")]
    [InlineData("{{> logo}}", "line 1, column 1: no partial 'logo' (a file _logo.txt)")]
    [InlineData("{{title", "line 1, column 1: '{{' is never closed with '}}'")]
    [InlineData("{{ti tle}}", "line 1, column 1: 'ti tle' is not a name")]
    public void A_malformed_template_is_refused_with_what_is_wrong_and_where(string template, string expected)
    {
        var path = Write("teams.txt", template);

        Assert.Contains(path + " " + expected, Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_that_includes_itself_is_refused_rather_than_recursing()
    {
        Write("_loop.txt", "a{{> loop}}");
        Write("teams.txt", "{{> loop}}");

        Assert.Contains("partials nested deeper than 8", Refused().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_the_folder_is_reported_at_once_and_hidden_files_are_ignored()
    {
        Write(".alert.html.swp", "{{ not a template");
        var stray = Write("digest.htm", "x");
        var broken = Write("alert.txt", "{{nope}}");
        var other = Write("teams.txt", "{{#heading}}");

        var message = Refused().Message;

        Assert.Contains(stray + ": not a template (the messages are alert.html, alert.txt, digest.html, digest.txt, teams.txt;", message, StringComparison.Ordinal);
        Assert.Contains(broken + " line 1, column 1: unknown name 'nope'", message, StringComparison.Ordinal);
        Assert.Contains(other + " line 1, column 1: {{#heading}} is never closed", message, StringComparison.Ordinal);
        Assert.DoesNotContain(".swp", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_refused()
    {
        var missing = Path.Combine(_folder, "nope");

        var message = Assert.Throws<TemplateException>(() => MessageTemplates.Load(missing)).Message;

        Assert.Equal($"the template folder '{missing}' does not exist.", message);
    }

    [Fact]
    public void Lines_holding_only_a_section_tag_leave_no_line_and_a_tilde_removes_line_breaks()
    {
        Write("teams.txt", "{{! a comment line }}\n  {{#summary}}\n[{{summary}}]\n  {{/summary}}\n{{^url}}\nno link\n{{/url}}\n<{{~#topics~}}\n  {{topics}}\n{{~/topics~}}\n>\n{{source}}{{#url}}!{{/url}}\n");
        var renderer = new MessageRenderer(MessageTemplates.Load(_folder));

        Assert.Equal("[Exploited.]\n<Sky>\nNSM!", renderer.RenderTeams(Alert()).Text);
        Assert.Equal("no link\n<Sky>\nNSM", renderer.RenderTeams(Alert(url: null, summary: " ")).Text);
    }

    [Fact]
    public void A_partial_inside_a_line_leaves_out_its_last_line_break_and_on_its_own_line_keeps_it()
    {
        Write("_mark.txt", "*\n");
        Write("teams.txt", "a{{> mark}}b\n{{> mark}}\nc");
        var renderer = new MessageRenderer(MessageTemplates.Load(_folder));

        Assert.Equal("a*b\n*\nc", renderer.RenderTeams(Alert()).Text);
    }

    [Fact]
    public void A_template_saved_with_windows_line_breaks_and_a_bom_renders_as_one_saved_on_linux()
    {
        var builtin = new MessageRenderer().RenderAlert(Alert());
        var source = ReadBuiltin("alert.txt");
        Write("alert.txt", "\uFEFF" + source.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(builtin.TextBody, new MessageRenderer(MessageTemplates.Load(_folder)).RenderAlert(Alert()).TextBody);
    }

    [Fact]
    public void The_service_renders_with_the_configured_folder()
    {
        Write("_footer.html", "<p>{{whyYouGetThis}}</p>\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [RenderingOptions.Section + ":TemplateFolder"] = _folder }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMessageRendering().BuildServiceProvider();

        var html = services.GetRequiredService<MessageRenderer>().RenderAlert(Alert()).HtmlBody;

        Assert.EndsWith("<p>Du får denne e-posten fordi IT-avdelingen følger kilder og emner i AdvisoryWatch.</p>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_template_in_the_folder_stops_the_service_at_start_with_its_file_and_line()
    {
        var path = Write("digest.html", "{{> header}}\n<h1>{{digestHeadline}}</h1>\n");
        var data = Path.Combine(_folder, "..", Guid.NewGuid().ToString("N"));

        var (exit, _, stderr) = await Cli.RunAsync(
            ["run", "--data", data, "--urls", "http://127.0.0.1:0", "--AdvisoryWatch:Seeds:Enabled=false", "--AdvisoryWatch:Rendering:TemplateFolder=" + _folder]);

        Assert.Equal(2, exit);
        Assert.Contains($"AdvisoryWatch:Rendering:TemplateFolder: {path} line 2, column 5: unknown name 'digestHeadline'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_file_is_a_template_the_loader_knows_and_every_message_has_one()
    {
        var names = typeof(MessageTemplates).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("AdvisoryWatch.Notifications.Rendering.Templates.", StringComparison.Ordinal))
            .Select(n => n["AdvisoryWatch.Notifications.Rendering.Templates.".Length..])
            .ToList();
        var onDisk = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "AdvisoryWatch", "Notifications", "Rendering", "Templates")).Select(Path.GetFileName);

        Assert.Equal(onDisk.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.All(MessageTemplates.MessageFiles, f => Assert.Contains(f, names));
        Assert.All(names.Where(n => !MessageTemplates.MessageFiles.Contains(n)), n => Assert.StartsWith("_", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_name_a_template_can_use_is_documented()
    {
        var docs = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "mail.md"));
        var section = docs[docs.IndexOf("### Names a template can use", StringComparison.Ordinal)..];
        var documented = Regex.Matches(section, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var schemas = new TemplateSchema[] { TemplateNames.Message, TemplateNames.Alert, TemplateNames.Digest, TemplateNames.FollowUp, TemplateNames.Severity, TemplateNames.Source, TemplateNames.Item, TemplateNames.DiffLine };

        var undocumented = schemas.SelectMany(s => s.Fields).Select(f => f.Name).Where(n => !documented.Contains(n)).ToArray();

        Assert.Equal([], undocumented);
    }

    private static string ReadBuiltin(string name) =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "AdvisoryWatch", "Notifications", "Rendering", "Templates", name));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
