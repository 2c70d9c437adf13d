using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Sending;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class SendPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly NotificationsOptions Options = new() { RetryInitial = TimeSpan.FromMinutes(1), RetryMax = TimeSpan.FromMinutes(30), GiveUpAfter = TimeSpan.FromDays(2) };

    [Fact]
    public void A_temporary_refusal_waits_longer_each_time_up_to_the_cap()
    {
        var row = Row();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            SendPolicy.Apply(row, new SendResult.RetryLater("451 4.3.0 try later"), Now, Options);
            waits.Add(row.DueAtUtc!.Value - Now);
        }

        Assert.Equal(DeliveryState.RetryWaiting, row.State);
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits.Select(w => (int)w.TotalMinutes));
        Assert.Equal(8, row.Attempts);
    }

    [Fact]
    public void A_server_asking_for_more_time_gets_it()
    {
        var row = Row();
        SendPolicy.Apply(row, new SendResult.RetryLater("429", TimeSpan.FromMinutes(10)), Now, Options);
        Assert.Equal(Now.AddMinutes(10), row.DueAtUtc);
    }

    [Fact]
    public void A_permanent_refusal_fails_at_once_with_the_reply()
    {
        var row = Row();
        SendPolicy.Apply(row, new SendResult.Rejected("550 5.1.1 mailbox unavailable"), Now, Options);
        Assert.Equal((DeliveryState.Failed, (DateTimeOffset?)null, "550 5.1.1 mailbox unavailable"), (row.State, row.DueAtUtc, row.LastReply));
    }

    [Fact]
    public void Temporary_refusals_past_the_give_up_time_fail()
    {
        var row = Row(created: Now.AddDays(-3));
        SendPolicy.Apply(row, new SendResult.RetryLater("421 busy"), Now, Options);
        Assert.Equal(DeliveryState.Failed, row.State);
        Assert.StartsWith("gave up after 1 attempts", row.LastReply, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_send_is_tried_once_more_then_left_for_a_person()
    {
        var row = Row();
        SendPolicy.Apply(row, new SendResult.Ambiguous("connection closed after the final dot"), Now, Options);
        Assert.Equal(DeliveryState.Ambiguous, row.State);
        Assert.Equal(Now + Options.RetryInitial, row.DueAtUtc);

        SendPolicy.Apply(row, new SendResult.Ambiguous("again"), Now, Options);
        Assert.Equal(DeliveryState.Ambiguous, row.State);
        Assert.Null(row.DueAtUtc);
        Assert.Equal(2, row.AmbiguousAttempts);
    }

    private static Delivery Row(DateTimeOffset? created = null) => new()
    {
        Id = Guid.NewGuid(),
        DepartmentId = "d",
        Address = "a@test.example",
        CreatedAtUtc = created ?? Now,
        State = DeliveryState.Pending,
        DueAtUtc = Now,
    };
}
