using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Notifications;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// A Reader or Coordinator of one department asking for another's data: the rows are filtered in
/// the query, so a foreign id is 404 and a list holds only the caller's departments.
/// </summary>
public class DepartmentScopeTests
{
    private const string Mine = "oslo-finans";
    private const string Theirs = "oslo-helse";

    [Theory]
    [InlineData(AccessRole.Coordinator)]
    [InlineData(AccessRole.Reader)]
    public async Task Another_departments_data_reads_as_absent_for_a_member_of_one_department(AccessRole role)
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        await SeedNotificationRowsAsync(app, Mine, Theirs);
        using var member = await app.ClientAsync(role, Mine);
        var ct = TestContext.Current.CancellationToken;

        // Both departments have rows: the Admin sees them all.
        Assert.Equal(2, (await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/deliveries", ct)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync(new Uri($"/api/v1/departments/{Theirs}", UriKind.Relative), ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(new Uri($"/api/v1/departments/{Theirs}", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri($"/api/v1/departments/{Mine}", UriKind.Relative), ct)).StatusCode);
        var departments = await member.GetFromJsonAsync<JsonElement>("/api/v1/departments", ct);
        Assert.Equal([Mine], departments.EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        var deliveries = await member.GetFromJsonAsync<JsonElement>("/api/v1/deliveries", ct);
        Assert.Equal(1, deliveries.GetProperty("total").GetInt32());
        Assert.All(deliveries.GetProperty("items").EnumerateArray(), d => Assert.Equal(Mine, d.GetProperty("departmentId").GetString()));
        Assert.Equal(0, (await member.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?department={Theirs}", ct)).GetProperty("total").GetInt32());

        foreach (var list in (string[])["digests", "acknowledgements"])
        {
            var all = await member.GetFromJsonAsync<JsonElement>($"/api/v1/{list}", ct);
            Assert.Equal([Mine], all.EnumerateArray().Select(d => d.GetProperty("departmentId").GetString()));
            Assert.Empty((await member.GetFromJsonAsync<JsonElement>($"/api/v1/{list}?department={Theirs}", ct)).EnumerateArray());
            Assert.Equal(2, (await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/{list}", ct)).GetArrayLength());
        }
    }

    /// <summary>One delivery, digest and acknowledgement for each department.</summary>
    private static Task<int> SeedNotificationRowsAsync(RunningApp app, params string[] departments) =>
        app.WithDbAsync(db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            foreach (var department in departments)
            {
                var delivery = new Delivery
                {
                    Id = Guid.NewGuid(),
                    ChangeId = Guid.NewGuid(),
                    AdvisoryId = Guid.NewGuid(),
                    RecipientId = Guid.NewGuid(),
                    DepartmentId = department,
                    Address = $"someone@{department}.example",
                    State = DeliveryState.Sent,
                    CreatedAtUtc = now,
                };
                db.Add(delivery);
                db.Add(new Digest { Id = Guid.NewGuid(), RecipientId = Guid.NewGuid(), DepartmentId = department, Address = delivery.Address, PeriodStartUtc = now.AddDays(-1), PeriodEndUtc = now, CreatedAtUtc = now });
                db.Add(new Acknowledgement { Id = Guid.NewGuid(), ChangeId = delivery.ChangeId, DeliveryId = delivery.Id, DepartmentId = department, Address = delivery.Address, AcknowledgedAtUtc = now });
            }

            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
}
