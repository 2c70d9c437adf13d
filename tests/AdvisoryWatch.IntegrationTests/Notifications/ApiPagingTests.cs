using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The paged lists of the API: a page past the end is empty, however far past.</summary>
public sealed class ApiPagingTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_page_past_the_end_of_deliveries_or_advisories_is_empty(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync();
        var now = TimeProvider.System.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 3; i++)
            {
                var advisory = new Advisory { Id = Guid.NewGuid(), SourceId = "nsm-all", ItemKey = "item-" + i.ToString(CultureInfo.InvariantCulture), Title = "Sak " + i.ToString(CultureInfo.InvariantCulture), Language = "nb", ContentHash = "h", FirstSeenAtUtc = now, LastChangedAtUtc = now };
                db.Add(advisory);
                db.Add(new Delivery { Id = Guid.NewGuid(), ChangeId = Guid.NewGuid(), AdvisoryId = advisory.Id, DepartmentId = "d", RecipientId = Guid.NewGuid(), Address = $"r{i}@test.example", Mode = DeliveryMode.Immediate, State = DeliveryState.Sent, Severity = Severity.Normal, CreatedAtUtc = now });
            }

            return await db.SaveChangesAsync();
        });

        // 21,474,837 × 100 no longer fits an int: the offset wrapped negative and read as 0.
        foreach (var page in new[] { 2, 21_474_838, 30_000_000, int.MaxValue })
        {
            var deliveries = await GetAsync<DeliveryPage>(app, $"/api/v1/deliveries?page={page}");
            Assert.Equal((page, 3), (deliveries.Page, deliveries.Total));
            Assert.Empty(deliveries.Items);
            var advisories = await GetAsync<AdvisoryPage>(app, $"/api/v1/advisories?page={page}");
            Assert.Equal((page, 3), (advisories.Page, advisories.Total));
            Assert.Empty(advisories.Items);
        }

        Assert.Equal(3, (await GetAsync<DeliveryPage>(app, "/api/v1/deliveries?page=1")).Items.Count);
        Assert.Equal(3, (await GetAsync<AdvisoryPage>(app, "/api/v1/advisories")).Items.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync(new Uri("/api/v1/deliveries?page=0", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    private static async Task<T> GetAsync<T>(RunningApp app, string url)
    {
        using var response = await app.Http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<T>(NotificationHarness.Json, TestContext.Current.CancellationToken))!;
    }
}
