using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Sources;

public class SeedImportTests
{
    [Fact]
    public void The_shipped_catalogue_is_valid_and_covers_every_researched_authority()
    {
        var read = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds());

        Assert.Empty(read.Problems);
        var ids = read.Sources.Select(s => s.Id).ToHashSet();
        foreach (var id in new[]
        {
            "nsm-all", "nsm-ncsc-varsler", "nsm-guidance", "regjeringen-jd", "datatilsynet-news", "pst-news", "cert-se",
            "mcf-news", "ncsc-se", "sapo-press", "imy-news", "edpb-news", "ncsc-fi", "samsik-dk", "cert-eu", "ncsc-uk-news",
            "citizenlab", "enisa-news",
        })
        {
            Assert.Contains(id, ids);
        }

        Assert.All(read.Sources.Where(s => s.Kind == "html-list"), s => Assert.False(string.IsNullOrEmpty(s.HtmlList?.Item)));
        Assert.NotNull(read.Sources.Single(s => s.Id == "mcf-news").DiscoverFrom);
        Assert.Equal("html-list", read.Sources.Single(s => s.Id == "sapo-press").Fallback?.Kind);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Seeds_import_once_and_an_admin_edit_survives_a_restart(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        var seeded = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds()).Sources.Count;
        await (await env.StartAsync()).DisposeAsync();

        // The admin slows CERT-SE down and disables IMY through an import.
        var edit = Path.Combine(env.DataDirectory, "edit.yaml");
        var certSe = await TestEnvironment.CliAsync(["sources", "export", .. env.ConfigurationArgs()]);
        var definitions = SourceCatalogue.Read(certSe.Output).Sources.Where(s => s.Id is "cert-se" or "imy-news").ToList();
        definitions.Single(d => d.Id == "cert-se").Interval = 240;
        definitions.Single(d => d.Id == "imy-news").Enabled = false;
        await File.WriteAllTextAsync(edit, SourceCatalogue.Write(definitions), TestContext.Current.CancellationToken);
        var import = await TestEnvironment.CliAsync(["sources", "import", edit, .. env.ConfigurationArgs()]);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("2 updated", import.Output, StringComparison.Ordinal);

        await using var app = await env.StartAsync();
        var rows = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().ToListAsync());
        Assert.Equal(seeded, rows.Count);
        Assert.Equal(240, rows.Single(r => r.Id == "cert-se").IntervalMinutes);
        Assert.False(rows.Single(r => r.Id == "imy-news").Enabled);
        Assert.Equal(30, rows.Single(r => r.Id == "nsm-ncsc-varsler").IntervalMinutes);
    }

    [Fact]
    public async Task A_newer_seed_updates_untouched_rows_but_not_rows_an_admin_changed()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        var seeds = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds()).Sources.Where(s => s.Id is "cert-se" or "edpb-news").ToList();
        await ImportSeedsAsync(app, seeds);

        // An admin edits EDPB directly in the database (as a future UI would).
        await app.WithDbAsync(async db =>
        {
            var edpb = await db.Set<Source>().SingleAsync(s => s.Id == "edpb-news");
            edpb.Name = "EDPB (our name)";
            return await db.SaveChangesAsync();
        });

        // The next release's catalogue changes both entries and adds one.
        foreach (var s in seeds)
        {
            s.Interval = 15;
        }

        var newer = seeds.Append(new SourceDefinition { Id = "new-one", Name = "New", Authority = "A", Country = "NO", Language = "nb", Url = "https://example.org/feed" }).ToList();
        var report = await ImportSeedsAsync(app, newer);
        var again = await ImportSeedsAsync(app, newer);

        Assert.Equal(["new-one"], report.Added);
        Assert.Equal(["cert-se"], report.Updated);
        Assert.Equal(["edpb-news"], report.KeptAdminChanges);
        Assert.Empty(again.Added);
        Assert.Empty(again.Updated);
        var rows = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().ToDictionaryAsync(s => s.Id));
        Assert.Equal(15, rows["cert-se"].IntervalMinutes);
        Assert.Equal(120, rows["edpb-news"].IntervalMinutes);
        Assert.Equal("EDPB (our name)", rows["edpb-news"].Name);
    }

    [Fact]
    public async Task Commands_on_a_fresh_data_directory_import_no_seeds_and_run_does()
    {
        await using var env = TestEnvironment.Create();
        var commands = new[]
        {
            new[] { "sources", "list" }, ["sources", "export"], ["departments", "list"], ["topics", "list"], ["sources", "show", "nsm-all"],
        };
        foreach (var command in commands)
        {
            await TestEnvironment.CliAsync([.. command, .. env.ConfigurationArgs(seeds: true)]);
        }

        var list = await TestEnvironment.CliAsync(["sources", "list", .. env.ConfigurationArgs(seeds: true)]);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain("nsm-all", list.Output, StringComparison.Ordinal);
        Assert.Contains("No sources yet: `run` imports the shipped catalogue", list.Error, StringComparison.Ordinal);
        var departments = await TestEnvironment.CliAsync(["departments", "list", .. env.ConfigurationArgs(seeds: true)]);
        Assert.DoesNotContain("oslo-", departments.Output, StringComparison.Ordinal);

        // An import adds what its file names, and nothing from the shipped catalogue.
        var file = Path.Combine(env.DataDirectory, "mine.yaml");
        await File.WriteAllTextAsync(file, "sources:\n  - id: mine\n    name: Mine\n    url: https://example.org/feed\n", TestContext.Current.CancellationToken);
        var import = await TestEnvironment.CliAsync(["sources", "import", file, .. env.ConfigurationArgs(seeds: true)]);
        Assert.True(import.ExitCode == 0, import.Error);
        var export = await TestEnvironment.CliAsync(["sources", "export", .. env.ConfigurationArgs(seeds: true)]);
        Assert.Equal(["mine"], SourceCatalogue.Read(export.Output).Sources.Select(s => s.Id));

        await using var app = await env.StartAsync();
        var ids = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().Select(s => s.Id).ToListAsync());
        Assert.Contains("nsm-all", ids);
        Assert.Contains("mine", ids);
    }

    [Fact]
    public async Task The_shipped_sources_name_their_items_and_untouched_rows_take_the_new_field()
    {
        var read = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds()).Sources.ToDictionary(s => s.Id);
        Assert.Equal("warning", read["nsm-ncsc-varsler"].ItemKind);
        Assert.Equal("advisory", read["cert-se"].ItemKind);

        // A row seeded before the field existed: the catalogue's definition without itemKind.
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        var before = read.Values.Where(s => s.Id is "cert-se" or "imy-news").Select(Copy).ToList();
        before.ForEach(s => s.ItemKind = null);
        await ImportSeedsAsync(app, before);

        var report = await ImportSeedsAsync(app, [.. read.Values.Where(s => s.Id is "cert-se" or "imy-news")]);

        Assert.Equal(["cert-se"], report.Updated);
        Assert.Equal(["imy-news"], report.Unchanged);
        var rows = await app.WithDbAsync(db => db.Set<Source>().AsNoTracking().ToDictionaryAsync(s => s.Id));
        Assert.Equal(ItemKind.Advisory, rows["cert-se"].ItemKind);
        Assert.Null(rows["imy-news"].ItemKind);
    }

    private static SourceDefinition Copy(SourceDefinition definition) =>
        Assert.Single(SourceCatalogue.Read(SourceCatalogue.Write([definition])).Sources);

    private static async Task<ImportReport> ImportSeedsAsync(RunningApp app, IReadOnlyList<SourceDefinition> seeds)
    {
        await using var scope = app.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SourceImporter>().ImportSeedsAsync(seeds, TestContext.Current.CancellationToken);
    }
}
